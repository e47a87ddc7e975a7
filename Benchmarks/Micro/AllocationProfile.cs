using System.Diagnostics.Tracing;

namespace OrleansRpc.Benchmarks.Micro;

/// <summary>
/// Where a dispatched <c>subtract</c>'s bytes go (<c>Benchmarks alloc [calls]</c>): the bytes per call the
/// runtime counts over every thread, and the allocated types as the runtime samples them (its
/// <c>GCAllocationTick</c> event, about one per 100 KB, weighted by the bytes since the last one). The
/// figure to judge is BenchmarkDotNet's (<c>micro</c>) or the WebSocket run's; this says what to take.
/// </summary>
internal static class AllocationProfile
{
    public static async Task<int> RunAsync(string[] args)
    {
        var calls = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 200_000;
        var bench = new DispatcherBenchmarks();
        bench.Setup();
        try
        {
            var calculator = bench.Calculator;
            await ProfileAsync("subtract through the dispatcher", calls, async () => await bench.Subtract());
            await ProfileAsync("the same grain call alone (Orleans's floor)", calls, async () => await calculator.Subtract(42, 23));
            return 0;
        }
        finally
        {
            bench.Cleanup();
        }
    }

    private static async Task ProfileAsync(string name, int calls, Func<Task> call)
    {
        // Warm: pools filled, every path jitted to its last tier.
        for (var i = 0; i < 50_000; i++)
        {
            await call();
        }

        using var ticks = new AllocationTicks();
        var before = GC.GetTotalAllocatedBytes(precise: true);
        for (var i = 0; i < calls; i++)
        {
            await call();
        }

        var perCall = (GC.GetTotalAllocatedBytes(precise: true) - before) / (double)calls;
        var sampled = ticks.ByType();
        var total = sampled.Sum(t => t.Bytes);
        Console.WriteLine($"{name}: {calls:N0} calls, {perCall:N0} B per call (all threads)");
        Console.WriteLine("share   B/call  type (sampled)");
        foreach (var (type, bytes) in sampled.OrderByDescending(t => t.Bytes).Take(20))
        {
            Console.WriteLine($"{bytes / (double)total,5:P0} {perCall * bytes / total,8:N0}  {type}");
        }

        Console.WriteLine();
    }

    private sealed class AllocationTicks : EventListener
    {
        private const int AllocationTickEvent = 10;
        private readonly Dictionary<string, long> _bytes = [];

        public List<(string Type, long Bytes)> ByType()
        {
            lock (_bytes)
            {
                return [.. _bytes.Select(p => (p.Key, p.Value))];
            }
        }

        protected override void OnEventSourceCreated(EventSource source)
        {
            if (source.Name == "Microsoft-Windows-DotNETRuntime")
            {
                EnableEvents(source, EventLevel.Verbose, (EventKeywords)0x1);
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs e)
        {
            if (e.EventId != AllocationTickEvent || e.Payload is null || e.PayloadNames is null)
            {
                return;
            }

            var type = e.Payload[e.PayloadNames.IndexOf("TypeName")] as string ?? "?";
            var amount = Convert.ToInt64(e.Payload[e.PayloadNames.IndexOf("AllocationAmount64")], System.Globalization.CultureInfo.InvariantCulture);
            lock (_bytes)
            {
                _bytes[type] = _bytes.GetValueOrDefault(type) + amount;
            }
        }
    }
}
