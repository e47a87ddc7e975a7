using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using OrleansRpc.Gateway.Delivery;
using OrleansRpc.Gateway.Buffers;
using OrleansRpc.Gateway.WebSockets;
using OrleansRpc.Notifications;

namespace OrleansRpc.Tests.WebSockets;

/// <summary>
/// The gateway's own framing over a real loopback socket, read back by .NET's client WebSocket: whole
/// frames of every size, frames that pile up during a flush leaving together, the WebSocket's close frame
/// in its place, and a connection whose client stopped reading let go of.
/// </summary>
public sealed class WebSocketOutputTests
{
    private const int Slots = 64;

    [Fact]
    public async Task FramesQueuedWhileAFlushIsHeldLeaveInOneFlushInOrder()
    {
        await using var pair = await SocketPair.OpenAsync();
        pair.Gate.Hold();
        pair.Send("message 0");
        await pair.Gate.WriteHeld;
        for (var i = 1; i < 10; i++)
        {
            pair.Send($"message {i}");
        }

        pair.Gate.Release();
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal($"message {i}", await pair.ReceiveTextAsync());
        }

        Assert.True(await pair.Output.CompleteAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(2, pair.Gate.Flushes);
    }

    [Fact]
    public async Task AnswersAndNotificationsQueuedBehindAFlushLeaveInOrderWhateverTheirNumber()
    {
        // More frames than the writer takes under one lock, so the next flush is made of several takes.
        await using var pair = await SocketPair.OpenAsync();
        pair.Gate.Hold();
        pair.Send("0");
        await pair.Gate.WriteHeld;
        for (var i = 1; i < 200; i++)
        {
            var queued = i % 4 == 0 ? pair.Send(i.ToString()) : pair.Notify(i.ToString(), dropOldest: false);
            Assert.Equal(EnqueueResult.Queued, queued);
        }

        pair.Gate.Release();
        for (var i = 0; i < 200; i++)
        {
            Assert.Equal(i.ToString(), await pair.ReceiveTextAsync());
        }

        Assert.True(await pair.Output.CompleteAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(2, pair.Gate.Flushes);
        Assert.Equal(Slots, pair.AnswerSlots.Free);
    }

    [Fact]
    public async Task AnswersTakenForAFlushThatFailsGiveTheirSlotsBack()
    {
        await using var pair = await SocketPair.OpenAsync();
        pair.Gate.Hold();
        pair.Send("0");
        await pair.Gate.WriteHeld;
        for (var i = 1; i < 40; i++)
        {
            pair.Send(i.ToString());
        }

        var closing = pair.Output.WriteControlFrameAsync(ControlFrame.Close(WebSocketCloseStatus.NormalClosure, "bye"));
        pair.Gate.FailFromNow();
        pair.Gate.Release();

        Assert.Equal("0", await pair.ReceiveTextAsync());
        await Assert.ThrowsAsync<IOException>(() => closing.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.True(await pair.Output.CompleteAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(Slots, pair.AnswerSlots.Free);
        Assert.Equal(EnqueueResult.Closed, pair.Send("refused"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(125)]
    [InlineData(126)]
    [InlineData(4000)]
    [InlineData(4001)]
    [InlineData(65535)]
    [InlineData(65536)]
    [InlineData(300_000)]
    public async Task AMessageOfAnyLengthArrivesWhole(int length)
    {
        await using var pair = await SocketPair.OpenAsync();
        var text = string.Create(length, 0, static (span, _) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = (char)('a' + (i % 26));
            }
        });

        pair.Send(text);
        pair.Send("after");
        Assert.Equal(text, await pair.ReceiveTextAsync());
        Assert.Equal("after", await pair.ReceiveTextAsync());
    }

    [Fact]
    public async Task ABurstIsFlushedInBatchesOfBoundedSize()
    {
        await using var pair = await SocketPair.OpenAsync();
        var payload = new string('x', 10_000);
        const int Burst = 20;
        pair.Gate.Hold();
        pair.Send("first");
        await pair.Gate.WriteHeld;
        for (var i = 0; i < Burst; i++)
        {
            pair.Send($"{i}:{payload}");
        }

        pair.Gate.Release();
        Assert.Equal("first", await pair.ReceiveTextAsync());
        for (var i = 0; i < Burst; i++)
        {
            Assert.Equal($"{i}:{payload}", await pair.ReceiveTextAsync());
        }

        Assert.True(await pair.Output.CompleteAsync(TimeSpan.FromSeconds(10)));
        Assert.InRange(pair.Gate.Flushes, 1 + (Burst * payload.Length / WebSocketOutput.MaxBatchBytes), Burst - 1);
    }

    [Fact]
    public async Task TheCloseFrameFollowsWhatWasQueuedBeforeItAndNothingFollowsIt()
    {
        await using var pair = await SocketPair.OpenAsync();
        pair.Gate.Hold();
        pair.Send("a");
        await pair.Gate.WriteHeld;
        pair.Send("b");
        var closing = pair.Output.WriteControlFrameAsync(ControlFrame.Close(WebSocketCloseStatus.NormalClosure, "bye"));
        pair.Gate.Release();
        await closing.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(EnqueueResult.Queued, pair.Send("too late"));

        Assert.Equal("a", await pair.ReceiveTextAsync());
        Assert.Equal("b", await pair.ReceiveTextAsync());
        var close = await pair.Client.ReceiveAsync(new byte[16], CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(WebSocketMessageType.Close, close.MessageType);
        Assert.Equal("bye", pair.Client.CloseStatusDescription);

        Assert.True(await pair.Output.CompleteAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(Slots, pair.AnswerSlots.Free);
        Assert.Equal(3 + 3 + 7, pair.Gate.BytesWritten);
    }

    [Fact]
    public async Task AWriterWaitingForAClientThatDoesNotReadIsLetGoAtTheDeadline()
    {
        await using var pair = await SocketPair.OpenAsync();
        pair.Gate.Hold();
        pair.Send("stuck");
        await pair.Gate.WriteHeld;

        Assert.False(await pair.Output.CompleteAsync(TimeSpan.FromMilliseconds(50)));
        Assert.Equal(EnqueueResult.Closed, pair.Send("refused"));
        pair.Gate.Release();
        await pair.Output.WhenWriterGoneAsync().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(Slots, pair.AnswerSlots.Free);
    }

    [Fact]
    public async Task NotificationsPastTheCapacityAreRefusedOrDropOldest()
    {
        await using var pair = await SocketPair.OpenAsync(capacity: 2);
        pair.Gate.Hold();
        Assert.Equal(EnqueueResult.Queued, pair.Notify("0", dropOldest: false));
        await pair.Gate.WriteHeld;
        Assert.Equal(EnqueueResult.Queued, pair.Notify("1", dropOldest: false));
        Assert.Equal(EnqueueResult.Queued, pair.Notify("2", dropOldest: false));
        Assert.Equal(EnqueueResult.Full, pair.Notify("3", dropOldest: false));
        Assert.Equal(EnqueueResult.Queued, pair.Notify("4", dropOldest: true));

        pair.Gate.Release();
        Assert.Equal(["0", "2", "4"], [await pair.ReceiveTextAsync(), await pair.ReceiveTextAsync(), await pair.ReceiveTextAsync()]);
    }

    private sealed class SocketPair : IAsyncDisposable
    {
        private readonly TcpClient _client;
        private readonly TcpClient _accepted;

        private SocketPair(TcpClient client, TcpClient accepted, int capacity)
        {
            _client = client;
            _accepted = accepted;
            Gate = new GatedStream(accepted.GetStream());
            AnswerSlots = new InFlightSlots(Slots);
            Output = new WebSocketOutput(PipeWriter.Create(Gate, new StreamPipeWriterOptions(leaveOpen: true)), ownsWriter: true, capacity, AnswerSlots);
            Client = WebSocket.CreateFromStream(client.GetStream(), new WebSocketCreationOptions { IsServer = false, KeepAliveInterval = TimeSpan.Zero });
        }

        public GatedStream Gate { get; }

        public InFlightSlots AnswerSlots { get; }

        public WebSocketOutput Output { get; }

        public WebSocket Client { get; }

        public static async Task<SocketPair> OpenAsync(int capacity = 1024)
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            try
            {
                var client = new TcpClient();
                var accepting = listener.AcceptTcpClientAsync();
                await client.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);
                return new SocketPair(client, await accepting, capacity);
            }
            finally
            {
                listener.Stop();
            }
        }

        /// <summary>Queues an answer, as the dispatcher does: it holds one of the connection's slots until written.</summary>
        public EnqueueResult Send(string text)
        {
            Assert.True(AnswerSlots.TryTake());
            var answer = new PooledBufferWriter();
            answer.Write(Encoding.UTF8.GetBytes(text));
            return Output.Enqueue(OutboundFrame.ForAnswer(answer), dropOldest: false, out _);
        }

        public EnqueueResult Notify(string text, bool dropOldest) =>
            Output.Enqueue(OutboundFrame.ForNotification(new NodeNotification(new ServerNotification("test", Encoding.UTF8.GetBytes(text), default)), version1: false), dropOldest, out _);

        public async Task<string> ReceiveTextAsync()
        {
            var buffer = new byte[512 * 1024];
            var count = 0;
            ValueWebSocketReceiveResult result;
            do
            {
                result = await Client.ReceiveAsync(buffer.AsMemory(count), CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
                count += result.Count;
            }
            while (!result.EndOfMessage);

            Assert.Equal(WebSocketMessageType.Text, result.MessageType);
            return Encoding.UTF8.GetString(buffer, 0, count);
        }

        public ValueTask DisposeAsync()
        {
            Client.Dispose();
            _client.Dispose();
            _accepted.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
