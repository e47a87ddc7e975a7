using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using OrleansRpc.Gateway.Connections;

namespace OrleansRpc.Gateway.Hosting;

/// <summary>
/// Puts the <see cref="ConnectionBudget"/> and the <see cref="ConnectionOpenings"/> in front of every Kestrel
/// endpoint, those from <c>--urls</c> included; the <see cref="ConnectionPacing"/> is at the transport, ahead of
/// both (<see cref="PacedConnectionListenerFactory"/>).
/// </summary>
internal sealed class ConnectionLimitsSetup(ConnectionBudget budget, ConnectionPacing pacing, ConnectionOpenings openings, IEnumerable<IConnectionListenerFactory> transports)
    : IConfigureOptions<KestrelServerOptions>
{
    public void Configure(KestrelServerOptions options)
    {
        // Kestrel binds with the last transport registered: one registered after AddJsonRpc would not be paced.
        if (pacing.Paces && transports.LastOrDefault() is not PacedConnectionListenerFactory)
        {
            throw new InvalidOperationException(
                "JsonRpcOptions.MaxNewConnectionsPerSecond paces connections at Kestrel's transport, but a transport was registered after AddJsonRpc. Call AddJsonRpc after configuring Kestrel's transport.");
        }

        if (!budget.Enforces && !openings.Limits)
        {
            return;
        }

        // One defaults action: Kestrel keeps only the last one it is given.
        options.ConfigureEndpointDefaults(endpoint =>
        {
            if (budget.Enforces)
            {
                endpoint.Use(budget.Enforce);
            }

            // Last: a connection's turn at being opened starts once the budget has let it in.
            if (openings.Limits)
            {
                endpoint.Use(openings.Enforce);
            }
        });
    }
}
