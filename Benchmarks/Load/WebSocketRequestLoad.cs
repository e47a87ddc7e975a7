using System.Diagnostics;

namespace OrleansRpc.Benchmarks.Load;

/// <summary>
/// Subtract calls over N WebSockets. Closed loop: each connection keeps K calls in flight and sends the
/// next as soon as an answer arrives. Open loop: every connection sends at a fixed rate whatever the
/// answers do, and latency is counted from the time a call was due, not from when it could be sent, so a
/// stalled server is not hidden by a stalled load generator (coordinated omission).
/// </summary>
internal sealed class WebSocketRequestLoad : IWorkload
{
    // Calls one open-loop connection may have unanswered before it stops sending and counts a stall.
    private const int OpenLoopWindow = 1024;

    private readonly Uri _uri;
    private readonly WireFormat _format;
    private readonly int _connections;
    private readonly int _inFlight;
    private readonly double? _rate;
    private readonly byte[][] _requests;
    private readonly WebSocketConnector _connector = new();
    private readonly CancellationTokenSource _stop = new();
    private LoadWebSocket[] _sockets = [];
    private Task[] _loops = [];
    private long _stalls;

    /// <param name="rate">Calls per second over all connections for an open loop; null for a closed loop.</param>
    public WebSocketRequestLoad(Uri server, WireFormat format, int connections, int inFlight, double? rate = null)
    {
        _uri = ClientSockets.WebSocketUri(server, format.Path);
        _format = format;
        _connections = connections;
        _inFlight = inFlight;
        _rate = rate;
        _requests = [.. Enumerable.Range(0, rate is null ? inFlight : OpenLoopWindow).Select(format.Subtract)];
        Name = rate is null ? $"{format.Name}, {connections} × {inFlight}" : $"{format.Name}, {connections} connections at {rate:0}/s";
    }

    public string Name { get; }

    public LoadCounters Counters { get; } = new();

    /// <summary>Times an open-loop connection had a full window and had to wait: the server was not keeping up.</summary>
    public long Stalls => Interlocked.Read(ref _stalls);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _sockets = await ClientSockets.OpenAsync(_connector, _uri, _connections, (socket, _) => _format.HandshakeAsync(socket, cancellationToken), cancellationToken);
        _loops = [.. _sockets.Select(socket => _rate is { } rate
            ? Task.Run(() => OpenLoopAsync(socket, rate / _connections))
            : Task.Run(() => Counters.RunAsync(stop => ClosedLoopAsync(socket, stop), _stop.Token)))];
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        ClientSockets.Abort(_sockets);
        await Task.WhenAll(_loops);
        _stop.Dispose();
    }

    private async Task ClosedLoopAsync(LoadWebSocket socket, CancellationToken stop)
    {
        var sentAt = new long[_inFlight];
        var parsed = new ParsedMessage();
        for (var id = 0; id < _inFlight; id++)
        {
            sentAt[id] = Stopwatch.GetTimestamp();
            await socket.SendAsync(_requests[id]);
        }

        // Stopped by the socket's end, not the token, which would cost a registration per send and receive.
        while (true)
        {
            var message = await socket.ReceiveAsync();
            parsed.Clear();
            _format.Parse(message.Span, parsed);
            CountErrors(parsed);
            foreach (var id in parsed.Replies)
            {
                Counters.Latency.RecordSince(sentAt[id]);
                Counters.Completed();
                sentAt[id] = Stopwatch.GetTimestamp();
                await socket.SendAsync(_requests[id]);
            }
        }
    }

    private async Task OpenLoopAsync(LoadWebSocket socket, double ratePerConnection)
    {
        var dueAt = new long[OpenLoopWindow];
        using var window = new SemaphoreSlim(OpenLoopWindow, OpenLoopWindow);
        var receiving = Counters.RunAsync(stop => ReceiveOpenLoopAsync(socket, dueAt, window, stop), _stop.Token);
        await Counters.RunAsync(stop => SendOpenLoopAsync(socket, ratePerConnection, dueAt, window, stop), _stop.Token);
        await receiving;
    }

    private async Task SendOpenLoopAsync(LoadWebSocket socket, double ratePerConnection, long[] dueAt, SemaphoreSlim window, CancellationToken stop)
    {
        var interval = (long)(Stopwatch.Frequency / ratePerConnection);

        // Connections start spread over one interval, not all at once.
        var due = Stopwatch.GetTimestamp() + Random.Shared.NextInt64(interval);
        for (var n = 0; ; n++)
        {
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait, stop);
            }

            if (!window.Wait(0))
            {
                Interlocked.Increment(ref _stalls);
                await window.WaitAsync(stop);
            }

            var id = n % OpenLoopWindow;
            dueAt[id] = due;
            await socket.SendAsync(_requests[id], stop);
            due += interval;
        }
    }

    private async Task ReceiveOpenLoopAsync(LoadWebSocket socket, long[] dueAt, SemaphoreSlim window, CancellationToken stop)
    {
        var parsed = new ParsedMessage();
        while (true)
        {
            var message = await socket.ReceiveAsync(stop);
            parsed.Clear();
            _format.Parse(message.Span, parsed);
            CountErrors(parsed);
            foreach (var id in parsed.Replies)
            {
                Counters.Latency.RecordSince(dueAt[id]);
                Counters.Completed();
                window.Release();
            }
        }
    }

    private void CountErrors(ParsedMessage parsed)
    {
        if (parsed.Errors > 0)
        {
            Counters.Failed(new InvalidOperationException("The server answered a call with an error."));
        }
    }
}
