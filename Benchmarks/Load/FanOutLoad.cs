using System.Diagnostics;

namespace OrleansRpc.Benchmarks.Load;

/// <summary>
/// One group of M member connections and one publisher. The publisher keeps W messages on their way:
/// it publishes the next one as soon as an earlier one has reached every (reading) member, so queues stay
/// bounded and the figure is the server's fan-out rate. Operations are deliveries; latency is from
/// publish to the last member's delivery. Slow members join and then never read again. Members may be
/// spread over several servers (the nodes of a cluster); the publisher and slow members use the first.
/// With a rate, the publisher publishes on a schedule instead (open loop) and latency counts from when a
/// publish was due.
/// </summary>
internal sealed class FanOutLoad : IWorkload
{
    private readonly Uri[] _uris;
    private readonly WireFormat _format;
    private readonly double? _publishRate;
    private readonly int _members;
    private readonly int _slowMembers;
    private readonly int _window;
    private readonly int _padding;
    private readonly string _group = $"bench-{Guid.NewGuid():N}";
    private readonly WebSocketConnector _connector = new();
    private readonly WebSocketConnector _slowConnector = new(receiveBufferBytes: 4096);
    private readonly CancellationTokenSource _stop = new();
    private readonly long[] _publishedAt;
    private readonly int[] _deliveries;
    private readonly SemaphoreSlim _windowSlots;
    private LoadWebSocket[] _sockets = [];
    private LoadWebSocket[] _slowSockets = [];
    private readonly int _publisherCount;
    private LoadWebSocket[] _publishers = [];
    private Task[] _loops = [];

    public FanOutLoad(Uri server, WireFormat format, int members, int window, int slowMembers = 0, int padding = 0)
        : this([server], format, members, window, slowMembers, padding)
    {
    }

    /// <param name="servers">Members connect to each in turn; the publisher and slow members to the first.</param>
    /// <param name="publishRate">Publishes per second on a schedule; null to publish as the window allows.</param>
    /// <param name="publishers">
    /// Connections the publishes go out on, in turn, spread over the servers as members are. One
    /// connection's sends reach the group one after the other (each waits for the one before to be
    /// delivered, which keeps them in order), so with one publisher the window is a queue, not parallelism.
    /// </param>
    public FanOutLoad(IReadOnlyList<Uri> servers, WireFormat format, int members, int window, int slowMembers = 0, int padding = 0, double? publishRate = null, int publishers = 1)
    {
        _publisherCount = publishers;
        _uris = [.. servers.Select(server => ClientSockets.WebSocketUri(server, format.Path))];
        _format = format;
        _publishRate = publishRate;
        _members = members;
        _slowMembers = slowMembers;
        _window = window;
        _padding = padding;
        _publishedAt = new long[window];
        _deliveries = new int[window];
        _windowSlots = new SemaphoreSlim(window, window);
        Name = slowMembers == 0 ? $"{format.Name}, {members} members" : $"{format.Name}, {members} members + {slowMembers} not reading";
        if (servers.Count > 1)
        {
            Name += $" over {servers.Count} nodes";
        }

        if (publishers > 1)
        {
            Name += $", {publishers} publishers";
        }

        if (publishRate is { } rate)
        {
            Name += $" at {rate:0} publishes/s";
        }
    }

    public string Name { get; }

    public LoadCounters Counters { get; } = new();

    public long Published { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var sockets = new List<LoadWebSocket>(_members);
        for (var node = 0; node < _uris.Length; node++)
        {
            var share = _members / _uris.Length + (node < _members % _uris.Length ? 1 : 0);
            sockets.AddRange(await ClientSockets.OpenAsync(_connector, _uris[node], share, JoinAsync, cancellationToken));
        }

        _sockets = [.. sockets];
        _slowSockets = await ClientSockets.OpenAsync(_slowConnector, _uris[0], _slowMembers, JoinAsync, cancellationToken);
        _publishers = new LoadWebSocket[_publisherCount];
        for (var i = 0; i < _publishers.Length; i++)
        {
            _publishers[i] = await _connector.ConnectAsync(_uris[i % _uris.Length], cancellationToken);
            await _format.HandshakeAsync(_publishers[i], cancellationToken);
        }

        _loops = [.. _sockets.Select(socket => Run(stop => MemberLoopAsync(socket, stop))), Run(PublishLoopAsync), .. _publishers.Select(publisher => Run(stop => PublisherRepliesAsync(publisher, stop)))];
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        ClientSockets.Abort([.. _sockets, .. _slowSockets, .. _publishers]);
        await Task.WhenAll(_loops);
        _stop.Dispose();
        _windowSlots.Dispose();
    }

    private Task Run(Func<CancellationToken, Task> loop) => Task.Run(() => Counters.RunAsync(loop, _stop.Token));

    private async Task JoinAsync(LoadWebSocket socket, int index)
    {
        await _format.HandshakeAsync(socket, _stop.Token);
        await socket.SendAsync(_format.Join(_group, 1), _stop.Token);
        var parsed = new ParsedMessage();
        while (parsed.Replies.Count == 0)
        {
            var answer = await socket.ReceiveAsync(_stop.Token);
            _format.Parse(answer.Span, parsed);
        }

        if (parsed.Errors > 0)
        {
            throw new InvalidOperationException($"Member {index} could not join the group.");
        }
    }

    private async Task PublishLoopAsync(CancellationToken stop)
    {
        var started = Stopwatch.GetTimestamp();
        for (var n = 0; ; n++)
        {
            var due = Stopwatch.GetTimestamp();
            if (_publishRate is { } rate)
            {
                due = started + (long)(n * Stopwatch.Frequency / rate);
                if (Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due) is { TotalMilliseconds: > 0 } wait)
                {
                    await Task.Delay(wait, stop);
                }
            }

            // With a rate, a full window delays the publish, and its latency still counts from when it was due.
            await _windowSlots.WaitAsync(stop);
            var slot = n % _window;
            _deliveries[slot] = 0;
            _publishedAt[slot] = due;
            await _publishers[n % _publishers.Length].SendAsync(_format.Publish(_group, n, _padding, n), stop);
            Published = n + 1;
        }
    }

    private async Task PublisherRepliesAsync(LoadWebSocket publisher, CancellationToken stop)
    {
        var parsed = new ParsedMessage();
        while (true)
        {
            var message = await publisher.ReceiveAsync(stop);
            parsed.Clear();
            _format.Parse(message.Span, parsed);
            if (parsed.Errors > 0)
            {
                throw new InvalidOperationException("A publish was answered with an error.");
            }
        }
    }

    private async Task MemberLoopAsync(LoadWebSocket socket, CancellationToken stop)
    {
        var parsed = new ParsedMessage();
        while (true)
        {
            // Stopped by the socket's end, not the token: one registration per receive across 10,000 loops costs more than the receive.
            var message = await socket.ReceiveAsync();
            parsed.Clear();
            _format.Parse(message.Span, parsed);
            foreach (var payload in parsed.Notifications)
            {
                Delivered(payload);
            }
        }
    }

    private void Delivered(int payload)
    {
        var slot = payload % _window;
        Counters.Completed();
        if (Interlocked.Increment(ref _deliveries[slot]) == _members)
        {
            Counters.Latency.RecordSince(_publishedAt[slot]);
            _windowSlots.Release();
        }
    }
}
