using System.Diagnostics;
using System.Numerics;

namespace OrleansRpc.Benchmarks.Load;

/// <summary>
/// Latencies in microseconds, in log-linear buckets (64 per power of two, so within 1.6%), counted with
/// interlocked increments from any number of connections. Never reset: a measurement is the difference
/// of two <see cref="Snapshot"/>s.
/// </summary>
internal sealed class LatencyHistogram
{
    private const int Linear = 128;
    private const int SubBuckets = 64;
    private const int Buckets = Linear + (SubBuckets * 48);

    private readonly long[] _counts = new long[Buckets];

    public void RecordSince(long startTimestamp) => Record(Stopwatch.GetElapsedTime(startTimestamp));

    public void Record(TimeSpan latency)
    {
        var micros = Math.Max(0, latency.Ticks / 10);
        Interlocked.Increment(ref _counts[BucketOf(micros)]);
    }

    public long[] Snapshot() => (long[])_counts.Clone();

    /// <summary>The value at percentile <paramref name="percent"/> of the latencies recorded between two snapshots.</summary>
    public static TimeSpan Percentile(long[] before, long[] after, double percent)
    {
        long total = 0;
        for (var i = 0; i < Buckets; i++)
        {
            total += after[i] - before[i];
        }

        if (total == 0)
        {
            return TimeSpan.Zero;
        }

        var rank = (long)Math.Ceiling(total * percent / 100);
        long seen = 0;
        for (var i = 0; i < Buckets; i++)
        {
            seen += after[i] - before[i];
            if (seen >= rank)
            {
                return TimeSpan.FromTicks(ValueOf(i) * 10);
            }
        }

        return TimeSpan.FromTicks(ValueOf(Buckets - 1) * 10);
    }

    private static int BucketOf(long micros)
    {
        if (micros < Linear)
        {
            return (int)micros;
        }

        // micros >= 128: the top bit is at 7 or above; keep the 6 bits below it.
        var shift = BitOperations.Log2((ulong)micros) - 6;
        var index = Linear + ((shift - 1) * SubBuckets) + (int)((micros >> shift) - SubBuckets);
        return Math.Min(index, Buckets - 1);
    }

    private static long ValueOf(int bucket)
    {
        if (bucket < Linear)
        {
            return bucket;
        }

        var shift = ((bucket - Linear) / SubBuckets) + 1;
        var mantissa = ((bucket - Linear) % SubBuckets) + SubBuckets;
        return (mantissa << shift) + ((1L << shift) / 2);
    }
}
