using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using OrleansRpc.Gateway.Connections;

namespace OrleansRpc.Gateway.Hosting;

/// <summary>Puts the <see cref="ConnectionBudget"/>, the <see cref="ConnectionPacing"/> and the <see cref="ConnectionOpenings"/> in front of every Kestrel endpoint, those from <c>--urls</c> included.</summary>
internal sealed class ConnectionLimitsSetup(ConnectionBudget budget, ConnectionPacing pacing, ConnectionOpenings openings) : IConfigureOptions<KestrelServerOptions>
{
    public void Configure(KestrelServerOptions options)
    {
        if (!budget.Enforces && !pacing.Paces && !openings.Limits)
        {
            return;
        }

        // One defaults action: Kestrel keeps only the last one it is given.
        options.ConfigureEndpointDefaults(endpoint =>
        {
            // The budget first: a connection it refuses does not wait for its turn to be refused.
            if (budget.Enforces)
            {
                endpoint.Use(budget.Enforce);
            }

            if (pacing.Paces)
            {
                endpoint.Use(pacing.Enforce);
            }

            // Last: a connection's turn at being opened starts when it is let in, not while it waits to be.
            if (openings.Limits)
            {
                endpoint.Use(openings.Enforce);
            }
        });
    }
}
