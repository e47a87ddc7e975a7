using OrleansRpc.Benchmarks.Load;
using OrleansRpc.Benchmarks.Server;

namespace OrleansRpc.Benchmarks.Scenarios;

/// <summary>The same <c>subtract</c> POSTed to the JSON-RPC HTTP endpoint and to minimal APIs with and without the grain call.</summary>
internal sealed class HttpScenario : IScenario
{
    public string Name => "http";

    public async Task RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        var connections = 64;
        var section = context.Report.AddSection(
            "Request/response over HTTP",
            $"The same `subtract` request POSTed over {connections} keep-alive connections, one request in flight on each. The minimal APIs bind the body to a class and return a record with the same JSON, one computing the answer itself, the other asking the calculator grain JSON-RPC's `subtract` reaches; the JSON-RPC client keeps its session cookie as a browser would, and a second keeps no cookie, as a server or `curl` calling a stateless method.",
            Interleaved.Columns("÷ minimal API + grain", "÷ minimal API"));
        var server = context.Server.Address;
        context.Log.WriteLine($"HTTP, {connections} connections");
        var runs = await Interleaved.RunAsync(
            context,
            [
                () => new HttpRequestLoad("minimal API", new Uri(server, BenchmarkServer.MinimalApiPath), Endpoints.SubtractBody, connections),
                () => new HttpRequestLoad("minimal API + grain call", new Uri(server, BenchmarkServer.MinimalApiWithGrainPath), Endpoints.SubtractBody, connections),
                () => new HttpRequestLoad("JSON-RPC", new Uri(server, "/rpc"), Endpoints.SubtractBody, connections),
                () => new HttpRequestLoad("JSON-RPC, no cookie", new Uri(server, "/rpc"), Endpoints.SubtractBody, connections, keepCookies: false),
            ],
            cancellationToken);
        var (minimal, minimalWithGrain, jsonRpc, cookieless) = (runs[0], runs[1], runs[2], runs[3]);
        var versusMinimalWithGrain = Stats.Ratio(jsonRpc, minimalWithGrain, m => m.PerServerCpuSecond);
        var versusMinimal = Stats.Ratio(jsonRpc, minimal, m => m.PerServerCpuSecond);
        var label = $"{connections} × 1";
        section.Add(Interleaved.Row(label, "minimal API", minimal, "", ""));
        section.Add(Interleaved.Row(label, "minimal API + grain call", minimalWithGrain, "", ""));
        section.Add(Interleaved.Row(label, "**JSON-RPC**", jsonRpc, Format.Ratio(versusMinimalWithGrain), Format.Ratio(versusMinimal)));
        var cookielessVersusMinimalWithGrain = Stats.Ratio(cookieless, minimalWithGrain, m => m.PerServerCpuSecond);
        section.Add(Interleaved.Row(label, "**JSON-RPC, no cookie**", cookieless, Format.Ratio(cookielessVersusMinimalWithGrain), Format.Ratio(Stats.Ratio(cookieless, minimal, m => m.PerServerCpuSecond))));
        context.Report.SetFigure("http.vs-minimal-grain", versusMinimalWithGrain.Median, Format.Ratio(versusMinimalWithGrain));
        context.Report.SetFigure("http.cookieless.vs-minimal-grain", cookielessVersusMinimalWithGrain.Median, Format.Ratio(cookielessVersusMinimalWithGrain));
    }
}
