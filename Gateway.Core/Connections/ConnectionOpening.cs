namespace OrleansRpc.Gateway.Connections;

/// <summary>
/// One connection's turn at being opened (<see cref="ConnectionOpenings"/>), a feature of its Kestrel
/// connection: given back at its first answer, when it ends, or when its time is up, whichever is first.
/// </summary>
internal sealed class ConnectionOpening
{
    private readonly SemaphoreSlim _turns;
    private readonly Timer _timeUp;
    private int _ended;

    public ConnectionOpening(SemaphoreSlim turns, TimeSpan maxOpeningTime)
    {
        _turns = turns;
        _timeUp = new Timer(static state => ((ConnectionOpening)state!).End(), this, maxOpeningTime, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Whether the turn is still held.</summary>
    public bool IsOpening => Volatile.Read(ref _ended) == 0;

    public void End()
    {
        if (Interlocked.Exchange(ref _ended, 1) == 0)
        {
            _timeUp.Dispose();
            _turns.Release();
        }
    }
}
