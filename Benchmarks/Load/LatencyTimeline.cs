using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace OrleansRpc.Benchmarks.Load;

/// <summary>
/// Where in time a histogram's slow calls fell: its counts are read every 100 ms while it runs, and the
/// windows whose slowest call took longer than a threshold are named afterwards. A p99 says how slow; this
/// says whether that was one stall (a collection, a node's death being declared) or a long queue.
/// </summary>
internal sealed class LatencyTimeline : IAsyncDisposable
{
    private static readonly TimeSpan s_window = TimeSpan.FromMilliseconds(100);

    private readonly LatencyHistogram _histogram;
    private readonly List<(TimeSpan At, long Calls, TimeSpan P99, TimeSpan Slowest)> _windows = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;

    private LatencyTimeline(LatencyHistogram histogram)
    {
        _histogram = histogram;
        _sampling = SampleAsync();
    }

    public static LatencyTimeline Start(LatencyHistogram histogram) => new(histogram);

    /// <summary>The windows whose slowest call took over <paramref name="threshold"/>, one line each, from the start.</summary>
    public async Task<string> SlowWindowsAsync(TimeSpan threshold)
    {
        await StopAsync();
        var text = new StringBuilder();
        foreach (var (at, calls, p99, slowest) in _windows)
        {
            if (slowest > threshold)
            {
                text.Append(CultureInfo.InvariantCulture, $"    {at.TotalSeconds:0.0} s: {calls} calls, p99 {p99.TotalMilliseconds:0} ms, slowest {slowest.TotalMilliseconds:0} ms\n");
            }
        }

        return text.Length == 0 ? "    none\n" : text.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }

    private async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _sampling;
    }

    private async Task SampleAsync()
    {
        var start = Stopwatch.GetTimestamp();
        var last = _histogram.Snapshot();
        using var timer = new PeriodicTimer(s_window);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                var now = _histogram.Snapshot();
                long calls = 0;
                for (var i = 0; i < now.Length; i++)
                {
                    calls += now[i] - last[i];
                }

                _windows.Add((Stopwatch.GetElapsedTime(start), calls, LatencyHistogram.Percentile(last, now, 99), LatencyHistogram.Percentile(last, now, 100)));
                last = now;
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
