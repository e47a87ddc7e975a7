using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OrleansRpc.Tests.Infrastructure;

namespace OrleansRpc.Tests.Transport;

/// <summary>
/// WebSocket upgrades per second per remote address (JsonRpcOptions.MaxWebSocketUpgradesPerSecondPerAddress):
/// an address that reconnects in a loop gets 429 with Retry-After before anything is opened, while
/// another address connects.
/// </summary>
public sealed class WebSocketUpgradeRateTests
{
    private const int PerSecond = 3;
    private const int Attempts = 40;

    [Fact]
    public async Task AnAddressUpgradingTooFastGets429WhileOthersConnect()
    {
        var log = new LogCapture();
        await using var server = await GatewayServer.StartAsync(services: s => s.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(log), arguments: [$"--JsonRpc:MaxWebSocketUpgradesPerSecondPerAddress={PerSecond}"]);
        using var metrics = new MetricRecorder(server.Services);
        using var http = new HttpClient();

        // Far more attempts than a second's worth, one after the other: a burst of the limit gets through,
        // then refusals, with a few more let in as each second refills the bucket.
        var statuses = new List<HttpStatusCode>();
        string? reason = null;
        var started = TimeProvider.System.GetTimestamp();
        for (var i = 0; i < Attempts; i++)
        {
            using var request = UpgradeRequest.To(server.WebSocketEndpoint);
            // Headers only: a 101 answer's body is the socket, which ends when the response is disposed.
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
                reason ??= await response.Content.ReadAsStringAsync();
            }
        }

        var seconds = TimeProvider.System.GetElapsedTime(started).TotalSeconds;
        var upgraded = statuses.Count(s => s == HttpStatusCode.SwitchingProtocols);
        Assert.True(upgraded <= PerSecond * (1 + Math.Ceiling(seconds)), $"{upgraded} of {Attempts} upgrades in {seconds:F1} s got through, past {PerSecond} a second.");
        Assert.True(upgraded >= PerSecond, $"Only {upgraded} upgrades got through; the first {PerSecond} should.");
        Assert.All(statuses, s => Assert.Contains(s, new[] { HttpStatusCode.SwitchingProtocols, HttpStatusCode.TooManyRequests }));

        // Someone load-testing from one machine is told why, once, however many were refused.
        await log.WhenLogged(e => e.Message.StartsWith("Refusing WebSockets from 127.0.0.1 (429)", StringComparison.Ordinal)).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Single(log.Entries, e => e.Message.StartsWith("Refusing WebSockets", StringComparison.Ordinal));
        Assert.StartsWith($"This address opened {PerSecond} WebSockets here within the last second", reason);
        Assert.Equal(Attempts - upgraded, metrics.Observe("orleansrpc.connections.refused", ("reason", "upgrade_rate")));

        // A bystander on another address (127.0.0.2 is loopback too) has a bucket of its own.
        using var fromElsewhere = OtherLoopbackAddress.Invoker();
        await using var bystander = new WebSocketRpcClient(server.WebSocketEndpoint);
        await bystander.ConnectAsync(invoker: fromElsewhere);
        JsonAssert.Equal("""{"jsonrpc":"2.0","result":"pong","id":1}""", await bystander.ExchangeAsync("""{"jsonrpc":"2.0","method":"ping","id":1}"""));
    }
}
