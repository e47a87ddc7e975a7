using System.Diagnostics;

namespace OrleansRpc.Benchmarks.Load;

/// <summary>
/// One group of M member connections and one publisher. The publisher keeps W messages on their way:
/// it publishes the next one as soon as an earlier one has reached every (reading) member, so queues stay
/// bounded and the figure is the server's fan-out rate. Operations are deliveries; latency is from
/// publish to the last member's delivery. Slow members join and then never read again.
/// </summary>
internal sealed class FanOutLoad : IWorkload
{
    private readonly Uri _uri;
    private readonly WireFormat _format;
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
    private LoadWebSocket? _publisher;
    private Task[] _loops = [];

    public FanOutLoad(Uri server, WireFormat format, int members, int window, int slowMembers = 0, int padding = 0)
    {
        _uri = ClientSockets.WebSocketUri(server, format.Path);
        _format = format;
        _members = members;
        _slowMembers = slowMembers;
        _window = window;
        _padding = padding;
        _publishedAt = new long[window];
        _deliveries = new int[window];
        _windowSlots = new SemaphoreSlim(window, window);
        Name = slowMembers == 0 ? $"{format.Name}, {members} members" : $"{format.Name}, {members} members + {slowMembers} not reading";
    }

    public string Name { get; }

    public LoadCounters Counters { get; } = new();

    public long Published { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _sockets = await ClientSockets.OpenAsync(_connector, _uri, _members, JoinAsync, cancellationToken);
        _slowSockets = await ClientSockets.OpenAsync(_slowConnector, _uri, _slowMembers, JoinAsync, cancellationToken);
        _publisher = await _connector.ConnectAsync(_uri, cancellationToken);
        await _format.HandshakeAsync(_publisher, cancellationToken);
        _loops = [.. _sockets.Select(socket => Run(stop => MemberLoopAsync(socket, stop))), Run(PublishLoopAsync), Run(PublisherRepliesAsync)];
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        ClientSockets.Abort([.. _sockets, .. _slowSockets, _publisher]);
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
        for (var n = 0; ; n++)
        {
            await _windowSlots.WaitAsync(stop);
            var slot = n % _window;
            _deliveries[slot] = 0;
            _publishedAt[slot] = Stopwatch.GetTimestamp();
            await _publisher!.SendAsync(_format.Publish(_group, n, _padding, n), stop);
            Published = n + 1;
        }
    }

    private async Task PublisherRepliesAsync(CancellationToken stop)
    {
        var parsed = new ParsedMessage();
        while (true)
        {
            var message = await _publisher!.ReceiveAsync(stop);
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
