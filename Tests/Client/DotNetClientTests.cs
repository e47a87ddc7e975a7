using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OrleansRpc.Client;
using OrleansRpc.Demo;
using OrleansRpc.Tests.Infrastructure;
using OrleansRpc.Tests.TestGrains;
using OrleansRpc.Tests.TestGrains.Gateway;
using OrleansRpc.Tests.TestGrains.Readme;

namespace OrleansRpc.Tests.Client;

/// <summary>The typed .NET client (Client/) against the real gateway, over a real WebSocket and HTTP.</summary>
public sealed class DotNetClientTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private GatewayServer Server => fixture.Server;

    [Fact]
    public async Task CallsGoThroughTheGrainInterfacesTheServerImplements()
    {
        await using var client = await JsonRpcClient.ConnectAsync(Server.WebSocketEndpoint);
        var calculator = client.GetProxy<ICalculatorGrain>();
        var ping = client.GetProxy<IPingGrain>();

        Assert.Equal(19, await calculator.Subtract(42, 23));
        Assert.Equal(6, await calculator.Sum(1, 2, 3));
        Assert.Equal("""{"a":[1,"b"]}""", (await calculator.Echo(JsonDocument.Parse("""{"a":[1,"b"]}""").RootElement)).GetRawText());
        Assert.Equal("pong", await ping.Ping());
        var error = await Assert.ThrowsAsync<JsonRpcRemoteException>(() => ping.PingWithErrorData());
        Assert.Equal(-32000, error.Code);
        Assert.Equal("pong_with_error", error.Message);
        Assert.Equal("""["test_data",true]""", error.ErrorData?.GetRawText());
        Assert.Equal("jsonrpc", client.SubProtocol);
    }

    [Fact]
    public async Task EachMethodTakesTheTransportItsAttributeAllows()
    {
        await using var client = await JsonRpcClient.ConnectAsync(Server.WebSocketEndpoint);
        var ping = client.GetProxy<IPingGrain>();
        var room = client.GetProxy<IChatRoomGrain>();
        var name = "dotnet-" + Guid.NewGuid().ToString("N");

        Assert.Equal("ws", await ping.WebSocketOnly());
        Assert.Equal("http", await ping.HttpOnly());
        // chat.post over the socket, chat.history (HTTP only) over HTTP, to the one grain of the room.
        Assert.Equal(1, await room.Post(name, "first", null!));
        Assert.Equal(2, await room.Post(name, "second", null!));
        var history = await room.History(name, last: 5);
        Assert.Equal(2, history.Length);
        Assert.EndsWith(": second", history[1]);
        // A [JsonRpcNotification] is sent as one: no answer is waited for.
        await room.Typing(name, null!);
    }

    /// <summary>An interface of the client's own, without the server-injected RpcContext, reaches the same grain.</summary>
    [Fact]
    public async Task AClientSideInterfaceNeedsNoServerParameters()
    {
        await using var client = await JsonRpcClient.ConnectAsync(Server.WebSocketEndpoint);
        var room = client.GetProxy<IChatRoomClient>();
        var name = "dotnet-client-" + Guid.NewGuid().ToString("N");

        Assert.Equal(1, await room.Post(name, "first"));
        await room.Typing(name);
        Assert.Equal(2, await room.Post(name, "second"));
        var history = await room.History(name, last: 5);
        Assert.Equal(2, history.Length);
        Assert.EndsWith(": second", history[1]);
    }

    [Fact]
    public async Task ServerNotificationsReachTheirHandlers()
    {
        await using var client = await JsonRpcClient.ConnectAsync(Server.WebSocketEndpoint);
        var groups = client.GetProxy<IGroupDemoGrain>();
        var typed = new TaskCompletionSource<PayloadParams>(TaskCreationOptions.RunContinuationsAsynchronously);
        var raw = new TaskCompletionSource<(string, JsonElement)>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = client.On<PayloadParams>("notification.notif", p => typed.TrySetResult(p));
        client.NotificationReceived += (method, parameters) => raw.TrySetResult((method, parameters));

        await groups.Join("dotnet-notifications", null!);
        await groups.Send("dotnet-notifications", JsonDocument.Parse("""{"hello":"world"}""").RootElement);

        Assert.Equal("""{"hello":"world"}""", (await typed.Task.WaitAsync(TimeSpan.FromSeconds(15))).Payload.GetRawText());
        var (method, parameters) = await raw.Task.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal("notification.notif", method);
        Assert.Equal("""{"payload":{"hello":"world"}}""", parameters.GetRawText());
    }

    [Fact]
    public async Task AProgressArgumentHearsEveryReportInOrderBeforeTheCallCompletes()
    {
        await using var client = await JsonRpcClient.ConnectAsync(Server.WebSocketEndpoint);
        var probe = client.GetProxy<IProgressProbeGrain>();
        var first = new ReportsSeen<int>();
        var second = new ReportsSeen<int>();

        var answers = await Task.WhenAll(probe.Burst(300, first), probe.Burst(5, second));

        Assert.Equal([300, 5], answers);
        Assert.Equal(Enumerable.Range(1, 300), first.Values);
        Assert.Equal(Enumerable.Range(1, 5), second.Values);
        Assert.Equal("bound", await probe.Bound(new ReportsSeen<string>()));
        Assert.Equal("null", await probe.Bound(null));
    }

    [Fact]
    public async Task AProxyMethodThatReturnsAnAsyncEnumerableStreamsAndLeavingEarlyStopsTheGrain()
    {
        var barriers = Server.Services.GetRequiredService<Barriers>();
        var barrier = Guid.NewGuid().ToString("N");
        await using var client = await JsonRpcClient.ConnectAsync(Server.WebSocketEndpoint);
        var probe = client.GetProxy<IStreamProbeGrain>();

        var items = new List<int>();
        await foreach (var item in probe.Count(2_500))
        {
            items.Add(item);
        }

        var last = 0;
        await foreach (var item in probe.Watched(barrier, CancellationToken.None))
        {
            last = item;
            if (item == 150)
            {
                break;
            }
        }

        Assert.Equal(Enumerable.Range(1, 2_500), items);
        Assert.Equal(150, last);
        await barriers.WaitAsync(barrier + ":stopped");
    }

    [Fact]
    public async Task StreamAsyncReadsAStreamedResultOverEitherTransport()
    {
        await using var socket = await JsonRpcClient.ConnectAsync(Server.WebSocketEndpoint);
        await using var http = JsonRpcClient.ForHttp(Server.HttpEndpoint);

        Assert.Equal(Enumerable.Range(1, 300), await ReadAsync(socket.StreamAsync<int>("test.stream_count", new { count = 300 })));
        Assert.Equal(Enumerable.Range(1, 300), await ReadAsync(http.StreamAsync<int>("test.stream_count", new { count = 300 })));
        var tooMany = await Assert.ThrowsAsync<JsonRpcRemoteException>(() => ReadAsync(http.StreamAsync<int>("test.stream_count", new { count = 1_001 })));
        Assert.Equal(-32006, tooMany.Code);
    }

    [Fact]
    public async Task UntypedCallsNotificationsAndBatches()
    {
        await using var client = await JsonRpcClient.ConnectAsync(Server.WebSocketEndpoint);

        Assert.Equal(19, await client.CallAsync<int>("subtract", new { minuend = 42, subtrahend = 23 }));
        Assert.Equal(19, await client.CallAsync<int>("subtract", new object[] { 42, 23 }, RpcTransportChoice.Http));
        await client.NotifyAsync("update", new[] { 1, 2 });

        var batch = client.CreateBatch();
        var difference = batch.Call<int>("subtract", new[] { 42, 23 });
        batch.Notify("update", new[] { 3 });
        var failing = batch.Call<string>("ping_with_error");
        var total = batch.Call<long>("sum", new[] { 1, 2, 3 });
        await batch.SendAsync();

        Assert.Equal(19, await difference);
        Assert.Equal(6, await total);
        Assert.Equal(-32000, (await Assert.ThrowsAsync<JsonRpcRemoteException>(() => failing)).Code);
    }

    [Fact]
    public async Task CancellationAbandonsTheWaitAndTheClientCarriesOn()
    {
        var barriers = Server.Services.GetRequiredService<Barriers>();
        await using var client = await JsonRpcClient.ConnectAsync(Server.WebSocketEndpoint);
        using var cancel = new CancellationTokenSource();
        try
        {
            var call = client.CallAsync<string>("test.wait", new[] { "dotnet-cancel" }, cancel.Token);
            await barriers.WaitAsync("dotnet-cancel:entered");

            cancel.Cancel();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
            Assert.Equal(1, await client.CallAsync<int>("subtract", new[] { 2, 1 }));
        }
        finally
        {
            barriers.Signal("dotnet-cancel");
        }
    }

    [Fact]
    public async Task ACallPastTheTimeoutFailsWithATimeoutAndTheClientCarriesOn()
    {
        var barriers = Server.Services.GetRequiredService<Barriers>();
        await using var client = await JsonRpcClient.ConnectAsync(Server.WebSocketEndpoint, new JsonRpcClientOptions { Timeout = TimeSpan.FromMilliseconds(300) });
        try
        {
            var error = await Assert.ThrowsAsync<TimeoutException>(() => client.CallAsync<string>("test.wait", new[] { "dotnet-timeout" }));
            Assert.Equal("No answer to test.wait within 0.3 s.", error.Message);

            // A batch is answered as one message, once all of its calls are: each call times out with it.
            var batch = client.CreateBatch();
            var held = batch.Call<string>("test.wait", new[] { "dotnet-timeout" });
            var quick = batch.Call<int>("subtract", new[] { 2, 1 });
            await batch.SendAsync();
            await Assert.ThrowsAsync<TimeoutException>(() => held);
            await Assert.ThrowsAsync<TimeoutException>(() => quick);
        }
        finally
        {
            barriers.Signal("dotnet-timeout");
        }

        Assert.Equal(1, await client.CallAsync<int>("subtract", new[] { 2, 1 }));
    }

    [Fact]
    public async Task TheClientReconnectsWhenTheServerDropsItsSocket()
    {
        var barriers = Server.Services.GetRequiredService<Barriers>();
        await using var client = await JsonRpcClient.ConnectAsync(
            Server.WebSocketEndpoint,
            new JsonRpcClientOptions { ReconnectMinDelay = TimeSpan.FromMilliseconds(20), ReconnectMaxDelay = TimeSpan.FromMilliseconds(100) });
        var reconnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.Reconnected += () => reconnected.TrySetResult();
        var before = await client.CallAsync<WhoAmI>("whoami");
        try
        {
            var held = client.CallAsync<string>("test.wait", new[] { "dotnet-drop" });
            await barriers.WaitAsync("dotnet-drop:entered");

            Server.DropWebSockets();

            await Assert.ThrowsAsync<JsonRpcConnectionException>(() => held);
            await reconnected.Task.WaitAsync(TimeSpan.FromSeconds(15));
            var after = await client.CallAsync<WhoAmI>("whoami");
            Assert.Equal("websocket", after.Transport);
            Assert.NotEqual(before.Connection, after.Connection);
        }
        finally
        {
            barriers.Signal("dotnet-drop");
        }
    }

    [Fact]
    public async Task TheSocketAndHttpCallsShareTheBrowserSession()
    {
        await using var client = await JsonRpcClient.ConnectAsync(Server.WebSocketEndpoint);

        await client.CallAsync("user_session.set", new { key = "colour", value = "teal" });

        Assert.Equal("teal", await client.CallAsync<string>("user_session.get", new { key = "colour" }, RpcTransportChoice.Http));
    }

    [Fact]
    public async Task AnHttpOnlyClientCallsOverHttp()
    {
        await using var client = JsonRpcClient.ForHttp(Server.HttpEndpoint);

        Assert.False(client.HasWebSocket);
        Assert.Equal("http", (await client.CallAsync<WhoAmI>("whoami")).Transport);
        Assert.Equal(-32601, (await Assert.ThrowsAsync<JsonRpcRemoteException>(() => client.CallAsync<string>("ws_only"))).Code);
        await Assert.ThrowsAsync<InvalidOperationException>(() => client.GetProxy<IGroupDemoGrain>().Join("x", null!));
    }

    [Fact]
    public async Task AnHttpErrorIsAConnectionErrorWithItsStatus()
    {
        await using var client = JsonRpcClient.ForHttp(new Uri(Server.Address, "/no-such-endpoint"));

        var error = await Assert.ThrowsAsync<JsonRpcConnectionException>(() => client.CallAsync<int>("subtract", new[] { 1, 2 }));

        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
    }

    private static async Task<List<T>> ReadAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }

    /// <summary>Keeps what is reported, as it is reported (<see cref="Progress{T}"/> would post each to the thread pool).</summary>
    private sealed class ReportsSeen<T> : IProgress<T>
    {
        public List<T> Values { get; } = [];

        public void Report(T value) => Values.Add(value);
    }
}
