using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace OrleansRpc.AppHost;

/// <summary>
/// When the AppHost stops, Aspire stops every resource at once, Redis with the nodes; a node then cannot
/// write in the membership table that it left, and it stops without leaving. Registered after Aspire's own
/// services, this one is stopped before them (the host stops its services in reverse order): it stops
/// every node and waits for each to end, then Redis, and only then lets Aspire stop the rest (the
/// dashboard). Redis has ended when the AppHost removes its temporary folder.
/// </summary>
public sealed class ClusterShutdown(IServiceProvider services, IReadOnlyList<IResource> nodes, IResource redis) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var logger = services.GetRequiredService<ILogger<ClusterShutdown>>();
        logger.LogInformation("Stopping the nodes, then Redis");
        await Task.WhenAll(nodes.Select(node => StopAsync(node, logger, cancellationToken)));
        await StopAsync(redis, logger, cancellationToken);
        logger.LogInformation("The nodes and Redis have stopped");
    }

    private async Task StopAsync(IResource resource, ILogger logger, CancellationToken cancellationToken)
    {
        var stopped = await services.GetRequiredService<ResourceCommandService>().ExecuteCommandAsync(resource, KnownResourceCommands.StopCommand, cancellationToken);
        if (stopped.Success)
        {
            await services.GetRequiredService<ResourceNotificationService>().WaitForResourceAsync(resource.Name, KnownResourceStates.TerminalStates, cancellationToken);
        }
        else
        {
            // One that never started (Ctrl+C while it waited for Redis) has nothing to stop.
            logger.LogInformation("{Resource} was not stopped: {Reason}", resource.Name, stopped.Message);
        }
    }
}
