using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace OrleansRpc.AppHost;

/// <summary>
/// One line on the console once every Gateway's <c>/readyz</c> answers 200: where the Gateways and Redis
/// are. The dashboard's login URL is Aspire's own line, above it.
/// </summary>
public sealed class ReadyLine(IServiceProvider services, IReadOnlyList<string> gateways, LocalClusterSettings settings) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var notifications = services.GetRequiredService<ResourceNotificationService>();
        foreach (var gateway in gateways)
        {
            await notifications.WaitForResourceHealthyAsync(gateway, stoppingToken);
        }

        services.GetRequiredService<ILogger<ReadyLine>>().LogInformation(
            "ready: Gateways on {Gateways}, Redis on {Redis} (its files in {Data}); Ctrl+C stops them all",
            string.Join(' ', settings.GatewayPorts.Select(port => $"http://localhost:{port}")), settings.RedisAddress, settings.RedisData);
    }
}
