using OrleansRpc.Tests.Infrastructure;
using OrleansRpc.Tests.TestGrains;
using StreamJsonRpc;

namespace OrleansRpc.Tests.Dispatch;

/// <summary>
/// <c>$/cancelRequest</c> <c>{"id": ...}</c>, the Language Server Protocol's and StreamJsonRpc's notification:
/// it cancels the same connection's call in progress with that id, whose grain sees its token cancelled,
/// and the call answers -32800. Anything else it names is ignored, which a sentinel answered after it, and
/// the held call still cancellable after that, show.
/// </summary>
public sealed class CancelRequestTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private Barriers Barriers => fixture.Server.Services.GetBarriers();

    [Theory]
    [InlineData("7")]
    [InlineData("\"a-string id\"")]
    public async Task ACancelledCallStopsInItsGrainAndAnswers32800(string id)
    {
        await using var client = new WebSocketRpcClient(fixture.Server.WebSocketEndpoint);
        var barrier = await HoldAsync(client, id);

        await client.SendAsync($$$"""{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":{{{id}}}}}""");

        JsonAssert.Equal($$$"""{"jsonrpc":"2.0","error":{"code":-32800,"message":"Request cancelled"},"id":{{{id}}}}""", await client.ReceiveAsync());
        await Barriers.WaitAsync(barrier + ":cancelled");
    }

    [Theory]
    [InlineData("""{"id":8}""")]
    [InlineData("""{"id":"7"}""")]
    [InlineData("""{"id":true}""")]
    [InlineData("""{"other":7}""")]
    [InlineData("""[7]""")]
    [InlineData("""{}""")]
    public async Task ACancelThatNamesNoCallInProgressIsIgnored(string parameters)
    {
        await using var client = new WebSocketRpcClient(fixture.Server.WebSocketEndpoint);
        var barrier = await HoldAsync(client, "7");

        await client.SendAsync($$"""{"jsonrpc":"2.0","method":"$/cancelRequest","params":{{parameters}}}""");
        JsonAssert.Equal("""{"jsonrpc":"2.0","result":"pong","id":"after"}""", await client.ExchangeAsync("""{"jsonrpc":"2.0","method":"ping","id":"after"}"""));
        Assert.False(Barriers.Get(barrier + ":cancelled").Task.IsCompleted);

        await AssertStillCancellableAsync(client, barrier);
    }

    [Fact]
    public async Task AnotherConnectionCannotCancelACall()
    {
        await using var client = new WebSocketRpcClient(fixture.Server.WebSocketEndpoint);
        await using var other = new WebSocketRpcClient(fixture.Server.WebSocketEndpoint);
        var barrier = await HoldAsync(client, "7");

        await other.SendAsync("""{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":7}}""");
        JsonAssert.Equal("""{"jsonrpc":"2.0","result":"pong","id":"after"}""", await other.ExchangeAsync("""{"jsonrpc":"2.0","method":"ping","id":"after"}"""));

        await AssertStillCancellableAsync(client, barrier);
    }

    [Fact]
    public async Task ACancelAfterTheAnswerIsIgnored()
    {
        await using var client = new WebSocketRpcClient(fixture.Server.WebSocketEndpoint);
        JsonAssert.Equal("""{"jsonrpc":"2.0","result":19,"id":7}""", await client.ExchangeAsync("""{"jsonrpc":"2.0","method":"subtract","params":[42,23],"id":7}"""));

        await client.SendAsync("""{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":7}}""");
        JsonAssert.Equal("""{"jsonrpc":"2.0","result":"pong","id":"after"}""", await client.ExchangeAsync("""{"jsonrpc":"2.0","method":"ping","id":"after"}"""));
    }

    [Fact]
    public async Task CancelRequestWithAnIdIsRefusedAsANotification()
    {
        await using var client = new WebSocketRpcClient(fixture.Server.WebSocketEndpoint);
        JsonAssert.Equal(
            """{"jsonrpc":"2.0","error":{"code":-32601,"message":"Method not found","data":"'$/cancelRequest' is a notification: send it without an id."},"id":1}""",
            await client.ExchangeAsync("""{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":7},"id":1}"""));
    }

    [Fact]
    public async Task StreamJsonRpcsCancellationTokenCancelsTheGrainsCall()
    {
        using var peer = await StreamJsonRpcPeer.ConnectAsync(fixture.Server.WebSocketEndpoint);
        var rpc = peer.Rpc;
        var barrier = Guid.NewGuid().ToString("N");
        using var cancellation = new CancellationTokenSource();

        var call = rpc.InvokeWithCancellationAsync<string>("test.wait_for_cancellation", [barrier], cancellation.Token);
        await Barriers.WaitAsync(barrier + ":entered");
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        await Barriers.WaitAsync(barrier + ":cancelled");
        Assert.Equal(19, await rpc.InvokeAsync<long>("subtract", 42, 23));
    }

    [Fact]
    public async Task TheTypedClientsCancellationTokenCancelsTheGrainsCall()
    {
        await using var client = await OrleansRpc.Client.JsonRpcClient.ConnectAsync(fixture.Server.WebSocketEndpoint);
        var barrier = Guid.NewGuid().ToString("N");
        using var cancellation = new CancellationTokenSource();

        var call = client.CallAsync<string>("test.wait_for_cancellation", new[] { barrier }, cancellation.Token);
        await Barriers.WaitAsync(barrier + ":entered");
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        await Barriers.WaitAsync(barrier + ":cancelled");
    }

    [Fact]
    public async Task AnHttpCallsTokenIsCancelledWhenItsClientGoes()
    {
        // HTTP has no connection to send $/cancelRequest on: a request's token is its client's going.
        using var http = new HttpClient();
        using var gone = new CancellationTokenSource();
        var barrier = Guid.NewGuid().ToString("N");
        var body = new StringContent($$"""{"jsonrpc":"2.0","method":"test.wait_for_cancellation","params":["{{barrier}}"],"id":1}""", System.Text.Encoding.UTF8, "application/json");

        var call = http.PostAsync(fixture.Server.HttpEndpoint, body, gone.Token);
        await Barriers.WaitAsync(barrier + ":entered");
        await gone.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        await Barriers.WaitAsync(barrier + ":cancelled");
    }

    /// <summary>Starts <c>test.wait_for_cancellation</c> with this id and waits until its grain holds it.</summary>
    private async Task<string> HoldAsync(WebSocketRpcClient client, string id)
    {
        var barrier = Guid.NewGuid().ToString("N");
        await client.SendAsync($$"""{"jsonrpc":"2.0","method":"test.wait_for_cancellation","params":["{{barrier}}"],"id":{{id}}}""");
        await Barriers.WaitAsync(barrier + ":entered");
        return barrier;
    }

    private async Task AssertStillCancellableAsync(WebSocketRpcClient client, string barrier)
    {
        await client.SendAsync("""{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":7}}""");
        JsonAssert.Equal("""{"jsonrpc":"2.0","error":{"code":-32800,"message":"Request cancelled"},"id":7}""", await client.ReceiveAsync());
        await Barriers.WaitAsync(barrier + ":cancelled");
    }
}
