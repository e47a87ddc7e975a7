using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace OrleansRpc.AppHost;

/// <summary>
/// When the AppHost stops, Aspire stops every resource at once, Redis with the nodes; a node then cannot
/// write in the membership table that it left, and it stops without leaving. Registered after Aspire's own
/// services, this one is stopped before them (the host stops its services in reverse order): it stops
/// every node and waits for each to end, and only then lets Aspire stop the rest, Redis and the dashboard.
/// </summary>
public sealed class NodesStopFirst(IServiceProvider services, IReadOnlyList<IResource> nodes) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var commands = services.GetRequiredService<ResourceCommandService>();
        var notifications = services.GetRequiredService<ResourceNotificationService>();
        var logger = services.GetRequiredService<ILogger<NodesStopFirst>>();
        logger.LogInformation("Stopping the nodes, then Redis");
        await Task.WhenAll(nodes.Select(async node =>
        {
            var stopped = await commands.ExecuteCommandAsync(node, KnownResourceCommands.StopCommand, cancellationToken);
            if (stopped.Success)
            {
                await notifications.WaitForResourceAsync(node.Name, KnownResourceStates.TerminalStates, cancellationToken);
            }
            else
            {
                // One that never started (Ctrl+C while it waited for Redis) has nothing to stop.
                logger.LogInformation("{Node} was not stopped: {Reason}", node.Name, stopped.Message);
            }
        }));
        logger.LogInformation("The nodes have stopped");
    }
}
