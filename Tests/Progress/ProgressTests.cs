using System.Collections.Concurrent;
using OrleansRpc.Tests.Infrastructure;
using StreamJsonRpc;

namespace OrleansRpc.Tests.Progress;

/// <summary>
/// A method's <c>IProgress&lt;T&gt;</c> parameter is bound from the token the client passes in its place;
/// each report reaches the caller as <c>$/progress</c> <c>{"token", "value"}</c>, in order, and every one
/// before the answer, even those made just before the method returned. The answer's arrival right after
/// the last report is what shows none comes later; a null token binds nothing.
/// </summary>
public sealed class ProgressTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Theory]
    [InlineData("[50, 42]", "42")]
    [InlineData("""{"count": 50, "progress": "a token"}""", "\"a token\"")]
    public async Task EveryReportArrivesInOrderBeforeTheAnswer(string parameters, string token)
    {
        await using var client = new WebSocketRpcClient(fixture.Server.WebSocketEndpoint);
        await client.SendAsync($$"""{"jsonrpc":"2.0","method":"test.progress_burst","params":{{parameters}},"id":1}""");

        for (var i = 1; i <= 50; i++)
        {
            JsonAssert.Equal($$$"""{"jsonrpc":"2.0","method":"$/progress","params":{"token":{{{token}}},"value":{{{i}}}}}""", await client.ReceiveAsync());
        }

        JsonAssert.Equal("""{"jsonrpc":"2.0","result":50,"id":1}""", await client.ReceiveAsync());
    }

    [Fact]
    public async Task AFailedCallsReportsStillComeBeforeItsError()
    {
        await using var client = new WebSocketRpcClient(fixture.Server.WebSocketEndpoint);
        await client.SendAsync("""{"jsonrpc":"2.0","method":"test.progress_then_fail","params":[3, 7],"id":1}""");

        for (var i = 1; i <= 3; i++)
        {
            JsonAssert.Equal($$$"""{"jsonrpc":"2.0","method":"$/progress","params":{"token":7,"value":{{{i}}}}}""", await client.ReceiveAsync());
        }

        JsonAssert.Equal("""{"jsonrpc":"2.0","error":{"code":-32000,"message":"failed after its reports"},"id":1}""", await client.ReceiveAsync());
    }

    [Fact]
    public async Task ANullTokenBindsNothingAndNothingIsSent()
    {
        await using var client = new WebSocketRpcClient(fixture.Server.WebSocketEndpoint);
        JsonAssert.Equal("""{"jsonrpc":"2.0","result":"null","id":1}""", await client.ExchangeAsync("""{"jsonrpc":"2.0","method":"test.progress_bound","params":[null],"id":1}"""));
        JsonAssert.Equal("""{"jsonrpc":"2.0","result":"null","id":2}""", await client.ExchangeAsync("""{"jsonrpc":"2.0","method":"test.progress_bound","params":{},"id":2}"""));

        // The sentinel: a token binds, and its report comes first.
        await client.SendAsync("""{"jsonrpc":"2.0","method":"test.progress_bound","params":["t"],"id":3}""");
        JsonAssert.Equal("""{"jsonrpc":"2.0","method":"$/progress","params":{"token":"t","value":"reported"}}""", await client.ReceiveAsync());
        JsonAssert.Equal("""{"jsonrpc":"2.0","result":"bound","id":3}""", await client.ReceiveAsync());
    }

    [Fact]
    public async Task OverHttpATokenBindsNothing()
    {
        // HTTP has no way to send anything before its answer.
        await using var http = new HttpRpcClient(fixture.Server.HttpEndpoint);
        JsonAssert.Equal("""{"jsonrpc":"2.0","result":"null","id":1}""", await http.ExchangeAsync("""{"jsonrpc":"2.0","method":"test.progress_bound","params":[7],"id":1}"""));
    }

    [Theory]
    [InlineData("true")]
    [InlineData("{}")]
    [InlineData("[1]")]
    public async Task ATokenThatIsNeitherANumberNorAStringIsInvalidParams(string token)
    {
        await using var client = new WebSocketRpcClient(fixture.Server.WebSocketEndpoint);
        var answer = await client.ExchangeAsync($$"""{"jsonrpc":"2.0","method":"test.progress_burst","params":[1, {{token}}],"id":1}""");
        JsonAssert.Equal(
            """{"jsonrpc":"2.0","error":{"code":-32602,"message":"Invalid params","data":{"parameter":"progress","reason":"'progress' must be a progress token: a number or a string"}},"id":1}""",
            answer);
    }

    [Fact]
    public async Task ReportsOfACancelledCallStopAndNoneComesAfterItsAnswer()
    {
        await using var client = new WebSocketRpcClient(fixture.Server.WebSocketEndpoint);
        await client.SendAsync("""{"jsonrpc":"2.0","method":"work.progress","params":[10000, 5],"id":9}""");
        for (var i = 1; i <= 3; i++)
        {
            JsonAssert.Equal($$$"""{"jsonrpc":"2.0","method":"$/progress","params":{"token":5,"value":{{{i}}}}}""", await client.ReceiveAsync());
        }

        await client.SendAsync("""{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":9}}""");
        string message;
        var last = 3;
        while ((message = await client.ReceiveAsync()).Contains("$/progress", StringComparison.Ordinal))
        {
            // Reports made before the cancel reached the grain may still come, in order.
            JsonAssert.Equal($$$"""{"jsonrpc":"2.0","method":"$/progress","params":{"token":5,"value":{{{++last}}}}}""", message);
        }

        JsonAssert.Equal("""{"jsonrpc":"2.0","error":{"code":-32800,"message":"Request cancelled"},"id":9}""", message);
        Assert.True(last < 100, $"{last} reports: the call ran on after its cancel");

        // The sentinel: the next answer is the next message; a report after the answer would come first.
        JsonAssert.Equal("""{"jsonrpc":"2.0","result":"pong","id":"after"}""", await client.ExchangeAsync("""{"jsonrpc":"2.0","method":"ping","id":"after"}"""));
    }

    [Fact]
    public async Task StreamJsonRpcsProgressArgumentReceivesEveryReportInOrder()
    {
        using var peer = await StreamJsonRpcPeer.ConnectAsync(fixture.Server.WebSocketEndpoint);
        var rpc = peer.Rpc;
        var progress = new RecordingProgress(20);

        Assert.Equal(20, await rpc.InvokeWithCancellationAsync<int>("work.progress", [20, progress], CancellationToken.None));

        Assert.Equal(Enumerable.Range(1, 20), await progress.AllAsync());
    }

    [Fact]
    public async Task StreamJsonRpcsCancellationStopsAWorkWithProgress()
    {
        using var peer = await StreamJsonRpcPeer.ConnectAsync(fixture.Server.WebSocketEndpoint);
        var rpc = peer.Rpc;
        var progress = new RecordingProgress(3);
        using var cancellation = new CancellationTokenSource();

        var call = rpc.InvokeWithCancellationAsync<int>("work.progress", [10_000, progress], cancellation.Token);
        await progress.AllAsync();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Equal(19, await rpc.InvokeAsync<long>("subtract", 42, 23));
    }

    /// <summary>Records what StreamJsonRpc reports; completes once <c>expected</c> values came.</summary>
    private sealed class RecordingProgress(int expected) : IProgress<int>
    {
        private readonly ConcurrentQueue<int> _values = new();
        private readonly TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Report(int value)
        {
            _values.Enqueue(value);
            if (_values.Count >= expected)
            {
                _all.TrySetResult();
            }
        }

        public async Task<int[]> AllAsync()
        {
            await _all.Task.WaitAsync(TimeSpan.FromSeconds(30));
            return [.. _values];
        }
    }
}
