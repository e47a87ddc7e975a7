namespace OrleansRpc.Gateway.Diagnostics;

/// <summary>
/// At most one log line per interval, whatever the number of threads asking: for what a client can make
/// happen as often as it likes (a refusal, a slow consumer), which an operator must hear of without the log
/// filling up. The first is always let through.
/// </summary>
internal sealed class LogThrottle(TimeSpan interval)
{
    private readonly long _interval = interval.Ticks;

    // Ticks of the last line let through; zero, so that the first passes (the clock is far past it).
    private long _last;

    /// <summary>Whether a line may be logged now; true for one caller at most per interval.</summary>
    public bool TryEnter()
    {
        var now = DateTime.UtcNow.Ticks;
        var last = Interlocked.Read(ref _last);
        return now - last >= _interval && Interlocked.CompareExchange(ref _last, now, last) == last;
    }
}
