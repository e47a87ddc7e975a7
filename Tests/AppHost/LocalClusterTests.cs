using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using OrleansRpc.Benchmarks.Cluster;
using OrleansRpc.Hosting.Telemetry;
using OrleansRpc.Testing;
using OrleansRpc.Tests.Browser;
using OrleansRpc.Tests.Cluster;
using OrleansRpc.Tests.Infrastructure;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace OrleansRpc.Tests.AppHost;

/// <summary>
/// The README's local cluster in one command: the AppHost (Aspire) as a process of its own, on free ports.
/// Both Gateways answer; a group notification crosses from one to the other; the call that sent it is one
/// trace in the dashboard with spans from more than one process, every node's logs and metrics are there too,
/// the trace is shown in Chromium (the README's
/// screenshot is this test's); and a stop (SIGTERM: the host's stop path, the one Ctrl+C takes too) stops
/// the nodes first, so that each writes in the membership table that it left, then Redis, and leaves no
/// process behind. It prints the cold start and the memory of the dashboard and DCP, the README's costs.
/// In the browser collection: it drives the shared Chromium, and it is heavy enough to run alone beside
/// the other tests.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class LocalClusterTests(ChromiumFixture chromium, ITestOutputHelper output)
{
    /// <summary>Where the test leaves the dashboard's picture (the README's is a copy of one).</summary>
    public static readonly string ScreenshotPath = Path.Combine(AppContext.BaseDirectory, "apphost-dashboard.png");

    private const string MembershipKey = "orleansrpc/members/orleansrpc";

    /// <summary>Orleans's <c>SiloStatus.Dead</c>: what a node that stopped cleanly leaves in the table.</summary>
    private const int Dead = 6;

    [Fact]
    public async Task TheAppHostRunsTheClusterAndTheDashboard_AndStopsTheNodesBeforeRedis()
    {
        var gateways = new[] { LoopbackPorts.Unused(), LoopbackPorts.Unused() };
        var (redisPort, dashboardPort, otlpPort) = (LoopbackPorts.Unused(), LoopbackPorts.Unused(), LoopbackPorts.Unused());
        var data = Directory.CreateTempSubdirectory("orleansrpc-apphost-").FullName;
        try
        {
            var started = Stopwatch.StartNew();
            await using var appHost = HostProcess.Start("AppHost", "OrleansRpc.AppHost.dll", new Dictionary<string, string>
            {
                // What the AppHost's launch profile sets for dotnet run, on free ports. In Development Aspire has
                // the nodes export every second (metrics included: OpenTelemetry's own default is a minute).
                ["DOTNET_ENVIRONMENT"] = "Development",
                ["ASPNETCORE_ENVIRONMENT"] = "Development",
                ["ASPNETCORE_URLS"] = $"http://localhost:{dashboardPort}",
                ["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = $"http://localhost:{otlpPort}",
                ["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true",
                // The telemetry API and the pages without the login token.
                ["ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS"] = "true",
                ["Cluster__GatewayPorts"] = string.Join(',', gateways),
                ["Cluster__RedisPort"] = $"{redisPort}",
                // Kept after the stop, to read what the nodes wrote in the membership table.
                ["Cluster__RedisData"] = data,
            });
            var ready = await appHost.WaitForLineAsync(line => line.Contains("ready: Gateways on", StringComparison.Ordinal), TimeSpan.FromMinutes(4));
            var coldStart = started.Elapsed;
            Assert.Contains($"http://localhost:{gateways[1]}", ready);
            var cluster = ProcessTree.WithDescendants(line => line.Contains($"--monitor {appHost.Pid}", StringComparison.Ordinal));
            ReportMemory(appHost.Pid, cluster, coldStart);

            foreach (var port in gateways)
            {
                await using var client = new HttpRpcClient(new Uri($"http://127.0.0.1:{port}/rpc"));
                Assert.Equal(19, (await client.CallAsync("subtract", "42,23")).GetValue<int>());
            }

            // A member on the first Gateway; the notification is sent over HTTP through the second.
            var payload = "across-" + Guid.NewGuid().ToString("N");
            await using var member = new WebSocketRpcClient(new Uri($"ws://127.0.0.1:{gateways[0]}/ws"));
            await member.ConnectAsync();
            Assert.True((await member.CallAsync("group.join", "\"lobby\"")).GetValue<bool>());
            await using (var sender = new HttpRpcClient(new Uri($"http://127.0.0.1:{gateways[1]}/rpc")))
            {
                Assert.True((await sender.CallAsync("group.send", $"\"lobby\",\"{payload}\"")).GetValue<bool>());
            }

            var notification = JsonNode.Parse(await member.ReceiveAsync())!;
            Assert.Equal(payload, (string?)notification["params"]!["payload"]);

            // The call that sent it: one trace, from the second Gateway's request to the first's delivery.
            using var dashboard = new DashboardTelemetry(new Uri($"http://localhost:{dashboardPort}"));
            var trace = await dashboard.TraceAsync(span => span.Name == "group.send" && span.Service == "gateway-2", services: ["gateway-2", "gateway-1"], TimeSpan.FromMinutes(1));
            var services = trace.Select(span => span.Service).Distinct().Order().ToArray();
            output.WriteLine($"the trace of group.send: {trace.Count} spans from {string.Join(", ", services)}: {string.Join(", ", trace.Select(span => $"{span.Service}:{span.Name}"))}");
            Assert.Contains("gateway-2", services);
            Assert.Contains("gateway-1", services);
            Assert.Contains(trace, span => span.Service == "gateway-1" && span.Name.EndsWith("/Deliver", StringComparison.Ordinal));

            // The cluster ran for some seconds before that trace came (every node exports each second): none of
            // Orleans's own system calls, and none of the dashboard's health probes, is among what it has.
            var spans = await dashboard.SpansAsync();
            Assert.DoesNotContain(spans, span => span.Attributes.TryGetValue(OrleansRuntimeRootFilter.TargetIdTag, out var target) && target.StartsWith("sys.", StringComparison.Ordinal));
            Assert.DoesNotContain(spans, span => span.Name.Contains("readyz", StringComparison.Ordinal));
            Assert.Contains(spans, span => span.Name == "subtract");

            // Every node's logs and metrics reach the dashboard too, the Silo's included.
            await dashboard.LogsAndMetricsAsync(["silo", "gateway-1", "gateway-2"], TimeSpan.FromMinutes(1));

            await ScreenshotAsync(new Uri($"http://localhost:{dashboardPort}/traces/detail/{trace[0].TraceId}"));

            appHost.Terminate();
            Assert.Equal(0, await appHost.ExitCodeAsync(TimeSpan.FromMinutes(2)));
            await AssertEveryProcessEndsAsync(cluster);

            await AssertEveryNodeLeftAsync(data, expected: gateways.Length + 1);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    /// <summary>
    /// DCP sees the AppHost end (it watches its process) and then stops what it still runs, the dashboard
    /// and Redis, so they end a moment after the AppHost does.
    /// </summary>
    private async Task AssertEveryProcessEndsAsync(IReadOnlySet<int> cluster)
    {
        var waited = Stopwatch.StartNew();
        while (cluster.Any(ProcessTree.IsAlive) && waited.Elapsed < TimeSpan.FromMinutes(1))
        {
            // /proc has nothing to wait on; a process's end shows there at once.
            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }

        var left = cluster.Where(ProcessTree.IsAlive).Select(pid => $"{pid}: {ProcessTree.CommandLine(pid)}").ToArray();
        Assert.True(left.Length == 0, "Still running a minute after the AppHost stopped:\n" + string.Join('\n', left));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"its {cluster.Count} processes ended {waited.Elapsed.TotalSeconds:F1} s after the AppHost"));
    }

    private async Task ScreenshotAsync(Uri traceDetail)
    {
        await using var page = await chromium.NewPageAsync(traceDetail);
        await page.Page.SetViewportSizeAsync(1400, 800);
        await page.Page.GotoAsync(traceDetail.ToString());
        await Assertions.Expect(page.Page.GetByText("group.send").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Page.GetByText("gateway-1").First).ToBeVisibleAsync();
        await page.Page.ScreenshotAsync(new PageScreenshotOptions { Path = ScreenshotPath });
        output.WriteLine($"the dashboard's trace page: {ScreenshotPath}");
    }

    /// <summary>Each node's entry in Redis's membership table says Dead: it wrote that it left, Redis being up.</summary>
    private async Task AssertEveryNodeLeftAsync(string data, int expected)
    {
        var port = LoopbackPorts.Unused();
        await using var redis = await RedisProcess.StartReadyAsync(port, data);
        await using var connection = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{port}");
        var entries = (await connection.GetDatabase().HashGetAllAsync(MembershipKey))
            .Select(entry => JsonNode.Parse(entry.Value.ToString()))
            .Where(entry => entry is JsonObject member && member.ContainsKey("SiloAddress"))
            .Select(entry => (Address: (string?)entry!["SiloAddress"]!["SiloAddress"], Status: entry["Status"]!.GetValue<int>()))
            .ToArray();
        output.WriteLine($"the membership table after the stop: {string.Join(", ", entries.Select(e => $"{e.Address} status {e.Status}"))}");
        Assert.Equal(expected, entries.Length);
        Assert.All(entries, entry => Assert.Equal(Dead, entry.Status));
        await connection.CloseAsync();
        redis.Terminate();
        await redis.ExitCodeAsync();
    }

    private void ReportMemory(int appHost, IReadOnlySet<int> started, TimeSpan coldStart)
    {
        long Sum(Func<string, bool> match) => started.Where(pid => match(ProcessTree.CommandLine(pid))).Sum(ProcessTree.ProportionalBytes);
        var dcp = Sum(line => line.Contains("/dcp ", StringComparison.Ordinal));
        var dashboard = Sum(line => line.Contains("Aspire.Dashboard", StringComparison.Ordinal));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ready after {coldStart.TotalSeconds:F1} s; memory (proportional set size): the AppHost {ProcessTree.ProportionalBytes(appHost) / 1048576} MiB, DCP {dcp / 1048576} MiB, the dashboard {dashboard / 1048576} MiB"));
    }
}
