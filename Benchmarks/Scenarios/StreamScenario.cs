using System.Text;
using System.Text.Json;
using OrleansRpc.Benchmarks.Load;

namespace OrleansRpc.Benchmarks.Scenarios;

/// <summary>
/// A streamed result against the same items in one answer (issue 35, point 7): eight WebSockets at once each
/// read 100,000 small items (integers) either as <c>bench.items</c>, an <c>IAsyncEnumerable&lt;int&gt;</c> grain method
/// pulled page by page with <c>$/enumerator/next</c> as StreamJsonRpc's client does, or as
/// <c>bench.items_array</c>, one <c>int[]</c> answer. Items per server CPU-second, the variants interleaved.
/// </summary>
internal sealed class StreamScenario : IScenario
{
    private const int Clients = 8;

    public string Name => "stream";

    public async Task RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        var count = context.Settings.Size(full: 100_000, quick: 10_000);
        // Enough rounds that the array's reads take a second of CPU: the process's CPU time counts in 10 ms ticks.
        var rounds = context.Settings.Quick ? 1 : 20;
        var section = context.Report.AddSection(
            "Streamed results",
            $"{Clients} WebSockets at once each read {count:N0} integers {rounds} times over: streamed (`IAsyncEnumerable<int>`, the answer's page and then `$/enumerator/next` until finished, one pull at a time), or in one `int[]` answer. Items per server CPU-second, medians of {context.Settings.Repetitions} repetitions, the two interleaved.",
            "result", "items / server CPU-second", "answers", "÷ one array");
        var sockets = await ClientSockets.OpenAsync(
            new WebSocketConnector(), ClientSockets.WebSocketUri(context.Server.Address, Endpoints.JsonRpc.Path), Clients, (_, _) => Task.CompletedTask, cancellationToken);
        await WarmUpAsync(context, () => OnEveryAsync(sockets, socket => ReadStreamedAsync(socket, count, cancellationToken)), () => OnEveryAsync(sockets, socket => ReadArrayAsync(socket, count, cancellationToken)));
        var streamed = new List<double>();
        var array = new List<double>();
        var pages = 0;
        for (var repetition = 0; repetition < context.Settings.Repetitions; repetition++)
        {
            var (streamedRate, streamedPages) = await MeasureAsync(context, rounds, () => OnEveryAsync(sockets, socket => ReadStreamedAsync(socket, count, cancellationToken)));
            var (arrayRate, _) = await MeasureAsync(context, rounds, () => OnEveryAsync(sockets, socket => ReadArrayAsync(socket, count, cancellationToken)));
            context.Log.WriteLine($"  stream, {count:N0} items: streamed {streamedRate:N0} / CPU-s in {streamedPages} answers, one array {arrayRate:N0} / CPU-s");
            streamed.Add(streamedRate);
            array.Add(arrayRate);
            pages = streamedPages;
        }

        var ratio = Stats.Ratio(streamed, array);
        section.Add("**streamed** (`IAsyncEnumerable<int>`)", Format.Count(Stats.Median(streamed)), Format.Count(pages), Format.Ratio(ratio));
        section.Add("one `int[]` answer", Format.Count(Stats.Median(array)), "1", string.Empty);
        context.Report.SetFigure("stream.vs-array", ratio.Median, Format.Ratio(ratio));
    }

    /// <summary>
    /// Both variants read in turn for the whole warm-up limit. The streamed path climbs for seconds (at 100,000
    /// items, from about a third of its rate to all of it over some 10 s here) while the JIT recompiles its
    /// per-item methods with what it has seen (tiered PGO, which devirtualizes the enumerators' interface
    /// calls); one read of each, as before, measured the climb, and waiting for three rates that agree (as
    /// the load runner does) stopped on a plateau of it.
    /// </summary>
    private static async Task WarmUpAsync(ScenarioContext context, Func<Task<(int Items, int Answers)>> streamed, Func<Task<(int Items, int Answers)>> array)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (TimeProvider.System.GetElapsedTime(started) < context.Settings.WarmUpLimit)
        {
            await streamed();
            await array();
        }
    }

    // Several readers at once, so that the server is busy throughout rather than waking for each page.
    private static async Task<(int Items, int Answers)> OnEveryAsync(LoadWebSocket[] sockets, Func<LoadWebSocket, Task<(int Items, int Answers)>> read)
    {
        var reads = await Task.WhenAll(sockets.Select(read));
        return (reads.Sum(r => r.Items), reads[0].Answers);
    }

    /// <summary>Items per server CPU-second over <paramref name="rounds"/> reads, and the answers one read took.</summary>
    private static async Task<(double Rate, int Answers)> MeasureAsync(ScenarioContext context, int rounds, Func<Task<(int Items, int Answers)>> read)
    {
        var before = context.Server.CpuTime();
        var items = 0;
        var answers = 0;
        for (var round = 0; round < rounds; round++)
        {
            (var got, answers) = await read();
            items += got;
        }

        var cpu = context.Server.CpuTime() - before;
        return (items / cpu.TotalSeconds, answers);
    }

    private static async Task<(int Items, int Answers)> ReadStreamedAsync(LoadWebSocket socket, int count, CancellationToken cancellationToken)
    {
        await socket.SendAsync(Encoding.UTF8.GetBytes($$"""{"jsonrpc":"2.0","method":"bench.items","params":[{{count}}],"id":1}"""), cancellationToken);
        var items = 0;
        var answers = 0;
        long? token = null;
        while (true)
        {
            using var page = JsonDocument.Parse(await socket.ReceiveAsync(cancellationToken));
            answers++;
            var result = page.RootElement.TryGetProperty("result", out var value) ? value : throw new InvalidOperationException($"bench.items failed: {page.RootElement}");
            items += result.GetProperty("values").GetArrayLength();
            if (result.GetProperty("finished").GetBoolean())
            {
                break;
            }

            // The method's answer carries the token; the pages after it do not.
            token ??= result.GetProperty("token").GetInt64();
            await socket.SendAsync(Encoding.UTF8.GetBytes($$"""{"jsonrpc":"2.0","method":"$/enumerator/next","params":[{{token}}],"id":2}"""), cancellationToken);
        }

        return items == count ? (items, answers) : throw new InvalidOperationException($"bench.items streamed {items} items of {count}");
    }

    private static async Task<(int Items, int Answers)> ReadArrayAsync(LoadWebSocket socket, int count, CancellationToken cancellationToken)
    {
        await socket.SendAsync(Encoding.UTF8.GetBytes($$"""{"jsonrpc":"2.0","method":"bench.items_array","params":[{{count}}],"id":1}"""), cancellationToken);
        using var answer = JsonDocument.Parse(await socket.ReceiveAsync(cancellationToken));
        var items = answer.RootElement.GetProperty("result").GetArrayLength();
        return items == count ? (items, 1) : throw new InvalidOperationException($"bench.items_array answered {items} items of {count}");
    }
}
