using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.DependencyInjection;

namespace OrleansRpc.Gateway.Connections;

/// <summary>
/// Kestrel's transport, paced: binds each endpoint with the transport Kestrel would have chosen without this
/// one (the last registered that can bind it: Kestrel's own rule), and, when the node paces new connections,
/// wraps its listener in a <see cref="PacedConnectionListener"/>. Kestrel takes the last transport registered,
/// so this one must come after Kestrel's (<see cref="Hosting.ConnectionLimitsSetup"/> checks it).
/// </summary>
internal sealed class PacedConnectionListenerFactory(IServiceProvider services, ConnectionPacing pacing, ConnectionBudget budget)
    : IConnectionListenerFactory, IConnectionListenerFactorySelector
{
    public bool CanBind(EndPoint endpoint) => Transport(endpoint) is not null;

    public async ValueTask<IConnectionListener> BindAsync(EndPoint endpoint, CancellationToken cancellationToken = default)
    {
        var transport = Transport(endpoint) ?? throw new InvalidOperationException($"No transport is registered that can bind {endpoint}.");
        var listener = await transport.BindAsync(endpoint, cancellationToken);
        return pacing.Paces ? new PacedConnectionListener(listener, pacing, budget) : listener;
    }

    private IConnectionListenerFactory? Transport(EndPoint endpoint)
    {
        IConnectionListenerFactory? chosen = null;
        foreach (var factory in services.GetServices<IConnectionListenerFactory>())
        {
            if (!ReferenceEquals(factory, this) && (factory is not IConnectionListenerFactorySelector selector || selector.CanBind(endpoint)))
            {
                chosen = factory;
            }
        }

        return chosen;
    }
}
