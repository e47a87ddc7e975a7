using Microsoft.Extensions.Hosting;

namespace OrleansRpc.Gateway.Connections;

/// <summary>
/// Holds the host's shutdown until every connection has ended, so that the co-hosted silo stops after
/// the calls in progress have been answered rather than under them. By the time it runs, stopping has
/// begun: WebSockets have been sent 1001 and new calls are answered -32003. Hosted services stop in the
/// reverse order of their registration, and Kestrel's is registered first (it stops last, with the
/// silo before it): this one is registered after <c>UseOrleans</c>, so it stops before the silo. The
/// host's shutdown timeout bounds the wait.
/// </summary>
internal sealed class GatewayDrain(ConnectionDirectory directory) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await directory.WhenAllClosedAsync().WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
