using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Http;
using OrleansRpc.Gateway.WebSockets;

namespace OrleansRpc.Tests.WebSockets;

/// <summary>Frames held back while more follow go out together, complete and in order, over a real loopback socket.</summary>
public sealed class CoalescingStreamTests
{
    [Fact]
    public async Task HeldFramesGoOutInOneWriteWithTheFirstFrameNotHeld()
    {
        await using var pair = await SocketPair.OpenAsync();
        for (var i = 0; i < 9; i++)
        {
            pair.Output.Hold = true;
            await pair.Server.SendAsync(Encoding.UTF8.GetBytes($"message {i}"), WebSocketMessageType.Text, true, CancellationToken.None);
        }

        Assert.Equal(0, pair.Counter.Writes);
        pair.Output.Hold = false;
        await pair.Server.SendAsync("message 9"u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None);

        Assert.Equal(1, pair.Counter.Writes);
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal($"message {i}", await pair.ReceiveTextAsync());
        }
    }

    [Fact]
    public async Task WritesWithoutHoldPassStraightThrough()
    {
        await using var pair = await SocketPair.OpenAsync();
        for (var i = 0; i < 3; i++)
        {
            await pair.Server.SendAsync(Encoding.UTF8.GetBytes($"message {i}"), WebSocketMessageType.Text, true, CancellationToken.None);
            Assert.Equal(i + 1, pair.Counter.Writes);
            Assert.Equal($"message {i}", await pair.ReceiveTextAsync());
        }
    }

    [Fact]
    public async Task HeldBytesAreBoundedAndNothingIsLost()
    {
        await using var pair = await SocketPair.OpenAsync();
        var payload = new string('x', 10_000);
        var frames = CoalescingStream.MaxHeldBytes / payload.Length * 3;
        for (var i = 0; i < frames; i++)
        {
            pair.Output.Hold = i < frames - 1;
            await pair.Server.SendAsync(Encoding.UTF8.GetBytes($"{i}:{payload}"), WebSocketMessageType.Text, true, CancellationToken.None);
        }

        Assert.InRange(pair.Counter.Writes, 3, frames - 1);
        for (var i = 0; i < frames; i++)
        {
            Assert.Equal($"{i}:{payload}", await pair.ReceiveTextAsync());
        }
    }

    private sealed class SocketPair : IAsyncDisposable
    {
        private readonly TcpClient _client;
        private readonly TcpClient _accepted;

        private SocketPair(TcpClient client, TcpClient accepted)
        {
            _client = client;
            _accepted = accepted;
            Counter = new CountingStream(accepted.GetStream());
            Output = new CoalescingStream(Counter, new DefaultHttpContext());
            Server = WebSocket.CreateFromStream(Output, new WebSocketCreationOptions { IsServer = true, KeepAliveInterval = TimeSpan.Zero });
            Output.Owner = Server;
            Client = WebSocket.CreateFromStream(client.GetStream(), new WebSocketCreationOptions { IsServer = false, KeepAliveInterval = TimeSpan.Zero });
        }

        public CountingStream Counter { get; }

        public CoalescingStream Output { get; }

        public WebSocket Server { get; }

        public WebSocket Client { get; }

        public static async Task<SocketPair> OpenAsync()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            try
            {
                var client = new TcpClient();
                var accepting = listener.AcceptTcpClientAsync();
                await client.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);
                return new SocketPair(client, await accepting);
            }
            finally
            {
                listener.Stop();
            }
        }

        public async Task<string> ReceiveTextAsync()
        {
            var buffer = new byte[64 * 1024];
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
            Server.Dispose();
            Client.Dispose();
            _client.Dispose();
            _accepted.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
