using System.Globalization;
using OrleansRpc.Gateway.Connections;
using OrleansRpc.Gateway.Hosting;

namespace OrleansRpc.Benchmarks.Server;

/// <summary>
/// <c>GET /bench/diag[?gc=true]</c>: allocation, GC and memory figures of the server process. Mapped only
/// by the benchmark server; <c>gc=true</c> forces a full compacting collection first, so heap and resident
/// size are what live objects hold.
/// </summary>
internal static class DiagnosticsEndpoint
{
    public static async Task<ServerSnapshot> Handle(bool? gc, GatewayCounters counters, ConnectionBudget budget, GcReasonListener gcReasons, RetriedCallCounter retried)
    {
        if (gc == true)
        {
            var induced = gcReasons.Induced;
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            await gcReasons.WaitForInducedAsync(induced, 2, TimeSpan.FromSeconds(5));
        }

        return new ServerSnapshot(
            GC.GetTotalAllocatedBytes(precise: true),
            GC.CollectionCount(0),
            GC.CollectionCount(1),
            GC.CollectionCount(2),
            GC.GetTotalMemory(forceFullCollection: false),
            ResidentBytes(),
            Directory.GetFiles("/proc/self/fd").Length,
            ProcessFileLimit.Read() ?? -1,
            counters.SlowConsumersClosed,
            budget.Capacity,
            budget.Refused,
            gcReasons.Gen2ByReason(),
            GC.GetTotalPauseDuration(),
            retried.Retried);
    }

    private static long ResidentBytes()
    {
        // statm: size resident shared text lib data dt, in pages.
        var fields = File.ReadAllText("/proc/self/statm").Split(' ');
        return long.Parse(fields[1], CultureInfo.InvariantCulture) * Environment.SystemPageSize;
    }
}
