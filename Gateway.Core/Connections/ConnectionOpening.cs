namespace OrleansRpc.Gateway.Connections;

/// <summary>
/// One connection's turn at being opened (<see cref="ConnectionOpenings"/>), a feature of its Kestrel
/// connection. It is given back at the connection's first answer (or once a first message that needs none
/// has run), when the connection ends, or when it has been held for the time limit, whichever is first; and
/// it is put down while the server waits for the client's first message after a WebSocket upgrade, and taken
/// up again when that message arrives, so that a client's round trip is never spent holding one.
/// </summary>
internal sealed class ConnectionOpening
{
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _turns;
    private readonly TimeSpan _maxTime;
    private Timer? _timeUp;
    private bool _holding;
    private bool _ended;

    /// <summary>For a connection that has just been given a turn.</summary>
    public ConnectionOpening(SemaphoreSlim turns, TimeSpan maxTime)
    {
        _turns = turns;
        _maxTime = maxTime;
        Hold();
    }

    /// <summary>Whether the connection is still being opened (it may have put its turn down meanwhile).</summary>
    public bool IsOpening
    {
        get
        {
            lock (_lock)
            {
                return !_ended;
            }
        }
    }

    /// <summary>The server waits for the client: the turn goes to another connection meanwhile.</summary>
    public void PutDown()
    {
        lock (_lock)
        {
            if (_holding)
            {
                Release();
            }
        }
    }

    /// <summary>The client has sent what the server waited for: waits for a turn again, unless the opening is over.</summary>
    public async ValueTask TakeUpAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_ended || _holding)
            {
                return;
            }
        }

        await _turns.WaitAsync(cancellationToken);
        lock (_lock)
        {
            if (_ended)
            {
                // Ended while it waited: the turn it got is not its to keep.
                _turns.Release();
                return;
            }

            Hold();
        }
    }

    /// <summary>The connection is open, or gone: its turn, if it holds one, goes to the next.</summary>
    public void End()
    {
        lock (_lock)
        {
            if (_ended)
            {
                return;
            }

            _ended = true;
            if (_holding)
            {
                Release();
            }
        }
    }

    private void Hold()
    {
        _holding = true;
        _timeUp = new Timer(static state => ((ConnectionOpening)state!).End(), this, _maxTime, Timeout.InfiniteTimeSpan);
    }

    private void Release()
    {
        _holding = false;
        _timeUp!.Dispose();
        _turns.Release();
    }
}
