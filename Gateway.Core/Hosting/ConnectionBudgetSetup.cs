using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using OrleansRpc.Gateway.Connections;

namespace OrleansRpc.Gateway.Hosting;

/// <summary>Puts the <see cref="ConnectionBudget"/> in front of every Kestrel endpoint, those from <c>--urls</c> included.</summary>
internal sealed class ConnectionBudgetSetup(ConnectionBudget budget) : IConfigureOptions<KestrelServerOptions>
{
    public void Configure(KestrelServerOptions options)
    {
        if (budget.Enforces)
        {
            options.ConfigureEndpointDefaults(endpoint => endpoint.Use(budget.Enforce));
        }
    }
}
