using OrleansRpc.Benchmarks.Load;
using OrleansRpc.Benchmarks.Server;

namespace OrleansRpc.Benchmarks.Scenarios;

/// <summary>The same <c>subtract</c> POSTed to the JSON-RPC HTTP endpoint and to a minimal API.</summary>
internal sealed class HttpScenario : IScenario
{
    public string Name => "http";

    public async Task RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        var connections = 64;
        var section = context.Report.AddSection(
            "Request/response over HTTP",
            $"The same `subtract` request POSTed over {connections} keep-alive connections, one request in flight on each. The minimal API binds the body to a class and returns a record with the same JSON; the JSON-RPC client keeps its session cookie as a browser would.",
            Interleaved.Columns);
        var server = context.Server.Address;
        context.Log.WriteLine($"HTTP, {connections} connections");
        var runs = await Interleaved.RunAsync(
            context,
            [
                () => new HttpRequestLoad("minimal API", new Uri(server, BenchmarkServer.MinimalApiPath), Endpoints.SubtractBody, connections),
                () => new HttpRequestLoad("JSON-RPC", new Uri(server, "/rpc"), Endpoints.SubtractBody, connections),
            ],
            cancellationToken);
        var ratio = Stats.Ratio(runs[1], runs[0], m => m.PerServerCpuSecond);
        section.Add(Interleaved.Row($"{connections} × 1", "minimal API", runs[0]));
        section.Add(Interleaved.Row($"{connections} × 1", "**JSON-RPC**", runs[1], Format.Ratio(ratio)));
        context.Report.SetFigure("http.vs-minimal", ratio.Median, Format.Ratio(ratio));
    }
}
