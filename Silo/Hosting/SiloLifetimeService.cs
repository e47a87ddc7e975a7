using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OrleansRpc.Runtime;
using OrleansRpc.Silo.Catalog;

namespace OrleansRpc.Silo.Hosting;

/// <summary>Collects idle activations while the host runs and deactivates every activation when it stops.</summary>
internal sealed class SiloLifetimeService(GrainCatalog catalog, IOptions<SiloOptions> options) : BackgroundService
{
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await catalog.DeactivateAllAsync(new DeactivationReason(DeactivationReasonCode.ShuttingDown, "The silo is stopping."))
            .WaitAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CollectionQuantum);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                catalog.CollectIdleActivations(options.Value.CollectionAge);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
