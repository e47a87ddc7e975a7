using System.Text.Json.Nodes;
using OrleansRpc.Gateway.Buffers;
using OrleansRpc.Gateway.Dispatch;
using OrleansRpc.Tests.Infrastructure;

namespace OrleansRpc.Tests.Dispatch;

/// <summary>
/// Calls, request messages and answer writers are reused once they are over, so a call allocates nothing.
/// A reused object that was still in use would show up as an answer carrying another request's id or
/// result, or as one object handed out twice.
/// </summary>
public sealed class CallReuseTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private const int Clients = 4;
    private const int RequestsPerClient = 250;

    [Fact]
    public async Task PipelinedCallsFromSeveralConnectionsEachGetTheirOwnAnswer()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, Clients).Select(RunClientAsync));
        Assert.All(results, mismatches => Assert.Empty(mismatches));
    }

    [Fact]
    public void AWriterDisposedTwiceGoesBackToThePoolOnce()
    {
        var writer = PooledBufferWriter.Rent();
        writer.Write("abc"u8);
        writer.Dispose();
        writer.Dispose();

        var first = PooledBufferWriter.Rent();
        var second = PooledBufferWriter.Rent();
        Assert.NotSame(first, second);
        Assert.Equal(0, first.WrittenCount);
        Assert.Equal(0, second.WrittenCount);
        first.Dispose();
        second.Dispose();
    }

    [Fact]
    public void AMessageDisposedTwiceGoesBackToThePoolOnce()
    {
        var message = RequestMessage.Rent(System.Buffers.ArrayPool<byte>.Shared.Rent(16), 3);
        message.Dispose();
        message.Dispose();

        var first = RequestMessage.Rent(System.Buffers.ArrayPool<byte>.Shared.Rent(16), 5);
        var second = RequestMessage.Rent(System.Buffers.ArrayPool<byte>.Shared.Rent(16), 7);
        Assert.NotSame(first, second);
        Assert.Equal([5, 7], new[] { first.Length, second.Length });
        first.Dispose();
        second.Dispose();
    }

    [Fact]
    public void AReusedCallComesBackWithoutTheLastCallersArguments()
    {
        var factory = new RpcCallFactory<(string Text, long Number)>();
        var call = (RpcCall<(string Text, long Number)>)factory.Create();
        call.Arguments = ("kept by nobody", 42);
        call.Discard();

        var again = (RpcCall<(string Text, long Number)>)factory.Create();
        Assert.Same(call, again);
        Assert.Null(again.Arguments.Text);
        Assert.Equal(0, again.Arguments.Number);
    }

    /// <returns>What came back wrong, as "id: expected, got".</returns>
    private async Task<List<string>> RunClientAsync(int client)
    {
        await using var socket = new WebSocketRpcClient(fixture.Server.WebSocketEndpoint);
        await socket.ConnectAsync();
        var expected = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < RequestsPerClient; i++)
        {
            // Ids of different kinds and lengths, so an id echoed from the wrong message cannot look right.
            var id = (i % 3) switch
            {
                0 => $"{client * 100_000 + i}",
                1 => $"\"c{client}-r{i}\"",
                _ => $"\"{new string((char)('a' + client), 1 + i % 40)}{i}\"",
            };
            switch (i % 5)
            {
                case 3:
                    // Refused while binding: the call is set up, then dropped unstarted.
                    await socket.SendAsync($$"""{"jsonrpc":"2.0","method":"subtract","params":["x{{i}}",1],"id":{{id}}}""");
                    expected[id] = "error -32602";
                    break;
                case 4:
                    await socket.SendAsync($$"""{"jsonrpc":"2.0","method":"echo","params":[{"client":{{client}},"request":{{i}}}],"id":{{id}}}""");
                    expected[id] = $$"""{"client":{{client}},"request":{{i}}}""";
                    break;
                default:
                    await socket.SendAsync($$"""{"jsonrpc":"2.0","method":"subtract","params":[{{i * 7}},{{client}}],"id":{{id}}}""");
                    expected[id] = $"{i * 7 - client}";
                    break;
            }

            if (i % 10 == 0)
            {
                // A notification in between: it is answered with nothing, and must not take anyone's answer.
                await socket.SendAsync($$"""{"jsonrpc":"2.0","method":"subtract","params":[{{i}},1]}""");
            }
        }

        var mismatches = new List<string>();
        for (var i = 0; i < RequestsPerClient; i++)
        {
            var answer = JsonNode.Parse(await socket.ReceiveAsync())!;
            var id = answer["id"]!.ToJsonString();
            var got = answer["error"] is { } error ? $"error {error["code"]}" : answer["result"]!.ToJsonString();
            if (!expected.Remove(id, out var want) || want != got)
            {
                mismatches.Add($"{id}: {want ?? "no such request"}, got {got}");
            }
        }

        mismatches.AddRange(expected.Select(pair => $"{pair.Key}: {pair.Value}, got nothing"));
        return mismatches;
    }
}
