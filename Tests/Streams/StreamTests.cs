using System.Globalization;
using System.Text.Json;
using OrleansRpc.Tests.Infrastructure;

namespace OrleansRpc.Tests.Streams;

/// <summary>
/// A method that returns <c>IAsyncEnumerable&lt;T&gt;</c> answers with its first items and a token, and
/// <c>$/enumerator/next</c> pulls the rest, in order, until a page says it is finished (StreamJsonRpc's
/// protocol, on the wire). <c>$/enumerator/abort</c> and a closed connection stop the grain's sequence,
/// which the grain says (a barrier in its <c>finally</c>).
/// </summary>
public sealed class StreamTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task TenThousandItemsArriveWholeAndInOrderPageByPage()
    {
        await using var client = new WebSocketRpcClient(fixture.Server.WebSocketEndpoint);

        var (items, pages) = await ReadAllAsync(client, """{"jsonrpc":"2.0","method":"test.stream_count","params":[10000],"id":0}""");

        Assert.Equal(Enumerable.Range(1, 10_000), items);

        // Integers have a size, so Orleans's batch is 32 KiB of them (8,192), and a page is what a batch holds.
        Assert.Equal(2, pages);
    }

    [Fact]
    public async Task ItemsOfUnknownSizeComeAHundredToAPage()
    {
        await using var client = new WebSocketRpcClient(fixture.Server.WebSocketEndpoint);

        var (items, pages) = await ReadAllAsync<string>(client, """{"jsonrpc":"2.0","method":"test.stream_words","params":[250],"id":0}""");

        Assert.Equal(Enumerable.Range(1, 250).Select(i => $"word {i}"), items);
        Assert.Equal(3, pages);
    }

    [Fact]
    public async Task ABatchOfLargeItemsIsSentInPagesOfAtMost64KiBAndTheirLastItem()
    {
        await using var client = new WebSocketRpcClient(fixture.Server.WebSocketEndpoint);

        // One Orleans batch (up to 100 items of a type of unknown size; 99 and the end) of 10,000-character
        // strings: 1 MB, which a page carries 64 KiB of at most and then its last item, 7 items (70 KB), so the
        // batch is read from the gateway in 15 pages.
        var (items, pages) = await ReadAllAsync<string>(client, """{"jsonrpc":"2.0","method":"test.stream_blocks","params":[99, 10000],"id":0}""");

        Assert.Equal(Enumerable.Range(1, 99).Select(i => i.ToString(CultureInfo.InvariantCulture).PadRight(10_000, '.')), items);
        Assert.Equal(15, pages);
    }

    [Fact]
    public async Task AShortSequenceIsFinishedInItsAnswerWithNoToken()
    {
        await using var client = new WebSocketRpcClient(fixture.Server.WebSocketEndpoint);

        JsonAssert.Equal(
            """{"jsonrpc":"2.0","result":{"values":[1,2,3],"finished":true},"id":1}""",
            await client.ExchangeAsync("""{"jsonrpc":"2.0","method":"test.stream_count","params":{"count":3},"id":1}"""));
        JsonAssert.Equal(
            """{"jsonrpc":"2.0","result":{"values":[],"finished":true},"id":2}""",
            await client.ExchangeAsync("""{"jsonrpc":"2.0","method":"test.stream_count","params":[0],"id":2}"""));
    }

    [Fact]
    public async Task AnAbortStopsTheGrainsSequenceAndForgetsItsToken()
    {
        var barriers = fixture.Server.Services.GetBarriers();
        var barrier = Guid.NewGuid().ToString("N");
        await using var client = new WebSocketRpcClient(fixture.Server.WebSocketEndpoint);

        var token = Token(await client.ExchangeAsync($$"""{"jsonrpc":"2.0","method":"test.stream_watched","params":["{{barrier}}"],"id":1}"""));
        await barriers.WaitAsync(barrier + ":started");
        await client.SendAsync($$"""{"jsonrpc":"2.0","method":"$/enumerator/abort","params":[{{token}}]}""");

        await barriers.WaitAsync(barrier + ":stopped");
        var answer = await client.ExchangeAsync($$"""{"jsonrpc":"2.0","method":"$/enumerator/next","params":{"token":{{token}}},"id":2}""");
        Assert.Equal(-32001, Code(answer));
    }

    [Fact]
    public async Task ClosingTheConnectionStopsTheGrainsSequence()
    {
        var barriers = fixture.Server.Services.GetBarriers();
        var barrier = Guid.NewGuid().ToString("N");
        var client = new WebSocketRpcClient(fixture.Server.WebSocketEndpoint);

        Token(await client.ExchangeAsync($$"""{"jsonrpc":"2.0","method":"test.stream_watched","params":["{{barrier}}"],"id":1}"""));
        await client.DisposeAsync();

        await barriers.WaitAsync(barrier + ":stopped");
    }

    [Fact]
    public async Task AFailureMidwayIsTheErrorOfThePullThatMeetsIt()
    {
        await using var client = new WebSocketRpcClient(fixture.Server.WebSocketEndpoint);

        var first = await client.ExchangeAsync("""{"jsonrpc":"2.0","method":"test.stream_fail","params":[250],"id":1}""");
        var token = Token(first);
        var items = Values(first).ToList();
        string? answer;
        var id = 2;
        while (true)
        {
            answer = await client.ExchangeAsync($$"""{"jsonrpc":"2.0","method":"$/enumerator/next","params":[{{token}}],"id":{{id++}}}""");
            if (Code(answer) is not null)
            {
                break;
            }

            items.AddRange(Values(answer));
        }

        Assert.Equal(Enumerable.Range(1, 250), items);
        Assert.Equal(1234, Code(answer));
        Assert.Equal(-32001, Code(await client.ExchangeAsync($$"""{"jsonrpc":"2.0","method":"$/enumerator/next","params":[{{token}}],"id":"after"}""")));
    }

    [Fact]
    public async Task ASecondPullWhileTheFirstWaitsIsRefusedAndTheSequenceGoesOn()
    {
        var barriers = fixture.Server.Services.GetBarriers();
        var barrier = Guid.NewGuid().ToString("N");
        await using var client = new WebSocketRpcClient(fixture.Server.WebSocketEndpoint);
        var first = await client.ExchangeAsync($$"""{"jsonrpc":"2.0","method":"test.stream_gated","params":["{{barrier}}"],"id":1}""");
        Assert.Equal([1], Values(first));
        var token = Token(first);

        // Orleans may start the two pulls in either order: one waits for the item, the other is refused.
        await client.SendAsync($$"""{"jsonrpc":"2.0","method":"$/enumerator/next","params":[{{token}}],"id":"a"}""");
        await client.SendAsync($$"""{"jsonrpc":"2.0","method":"$/enumerator/next","params":[{{token}}],"id":"b"}""");
        var refused = JsonDocument.Parse(await client.ReceiveAsync()).RootElement.Clone();
        barriers.Signal(barrier + ":go");
        var waited = await client.ReceiveAsync();

        Assert.Equal(-32600, refused.GetProperty("error").GetProperty("code").GetInt32());
        var waitedId = refused.GetProperty("id").GetString() == "a" ? "b" : "a";
        JsonAssert.Equal($$"""{"jsonrpc":"2.0","result":{"values":[2],"finished":false},"id":"{{waitedId}}"}""", waited);
        JsonAssert.Equal(
            """{"jsonrpc":"2.0","result":{"values":[],"finished":true},"id":3}""",
            await client.ExchangeAsync($$"""{"jsonrpc":"2.0","method":"$/enumerator/next","params":[{{token}}],"id":3}"""));
    }

    [Theory]
    [InlineData("""{"token":424242}""", -32001)]
    [InlineData("""["a token"]""", -32602)]
    [InlineData("""{}""", -32602)]
    [InlineData("""[1.5]""", -32602)]
    public async Task APullThatNamesNoSequenceIsRefused(string parameters, int code)
    {
        await using var client = new WebSocketRpcClient(fixture.Server.WebSocketEndpoint);

        Assert.Equal(code, Code(await client.ExchangeAsync($$"""{"jsonrpc":"2.0","method":"$/enumerator/next","params":{{parameters}},"id":1}""")));
        JsonAssert.Equal("""{"jsonrpc":"2.0","result":"pong","id":2}""", await client.ExchangeAsync("""{"jsonrpc":"2.0","method":"ping","id":2}"""));
    }

    [Fact]
    public async Task AThousandSequencesOpenedAndNeverPulledHoldSixtyFourAndTheRestAreRefused()
    {
        await using var client = new WebSocketRpcClient(fixture.Server.WebSocketEndpoint);
        var tokens = new List<long>();
        var refused = 0;
        for (var i = 0; i < 1_000; i++)
        {
            var answer = await client.ExchangeAsync($$"""{"jsonrpc":"2.0","method":"test.stream_count","params":[100000],"id":{{i}}}""");
            if (Code(answer) is { } code)
            {
                Assert.Equal(-32003, code);
                refused++;
            }
            else
            {
                tokens.Add(Token(answer));
            }
        }

        Assert.Equal(64, tokens.Count);
        Assert.Equal(936, refused);

        // The open ones still read, and one aborted makes room for another.
        Assert.NotEmpty(Values(await client.ExchangeAsync($$"""{"jsonrpc":"2.0","method":"$/enumerator/next","params":[{{tokens[0]}}],"id":"next"}""")));
        JsonAssert.Equal(
            """{"jsonrpc":"2.0","result":null,"id":"abort"}""",
            await client.ExchangeAsync($$"""{"jsonrpc":"2.0","method":"$/enumerator/abort","params":[{{tokens[1]}}],"id":"abort"}"""));
        Token(await client.ExchangeAsync("""{"jsonrpc":"2.0","method":"test.stream_count","params":[100000],"id":"again"}"""));
    }

    [Fact]
    public async Task OverHttpTheAnswerHoldsEveryItemUpToAThousand()
    {
        await using var http = new HttpRpcClient(fixture.Server.HttpEndpoint);

        JsonAssert.Equal(
            """{"jsonrpc":"2.0","result":{"values":[1,2,3,4,5],"finished":true},"id":1}""",
            await http.ExchangeAsync("""{"jsonrpc":"2.0","method":"test.stream_count","params":[5],"id":1}"""));
        Assert.Equal(1000, Values(await http.ExchangeAsync("""{"jsonrpc":"2.0","method":"test.stream_count","params":[1000],"id":2}""")).Length);
        Assert.Equal(-32006, Code(await http.ExchangeAsync("""{"jsonrpc":"2.0","method":"test.stream_count","params":[1001],"id":3}""")));
    }

    [Fact]
    public async Task TheDemosCountSlowlyStreamsFromAStatelessWorker()
    {
        await using var client = new WebSocketRpcClient(fixture.Server.WebSocketEndpoint);

        var (items, _) = await ReadAllAsync(client, """{"jsonrpc":"2.0","method":"count.slowly","params":{"to":30},"id":0}""");

        Assert.Equal(Enumerable.Range(1, 30), items);
        Assert.Equal(-32602, Code(await client.ExchangeAsync("""{"jsonrpc":"2.0","method":"count.slowly","params":[-1],"id":1}""")));
    }

    /// <summary>Reads a sequence to its end through $/enumerator/next; returns its items and how many answers carried them.</summary>
    internal static Task<(List<int> Items, int Pages)> ReadAllAsync(WebSocketRpcClient client, string request) => ReadAllAsync<int>(client, request);

    internal static async Task<(List<T> Items, int Pages)> ReadAllAsync<T>(WebSocketRpcClient client, string request)
    {
        var answer = await client.ExchangeAsync(request);
        var items = Values<T>(answer).ToList();
        var pages = 1;
        var result = Result(answer);
        var token = result.TryGetProperty("token", out var t) ? t.GetInt64() : (long?)null;
        var id = 1_000_000;
        while (!result.GetProperty("finished").GetBoolean())
        {
            Assert.NotNull(token);
            answer = await client.ExchangeAsync($$"""{"jsonrpc":"2.0","method":"$/enumerator/next","params":[{{token}}],"id":{{id++}}}""");
            result = Result(answer);
            items.AddRange(Values<T>(answer));
            pages++;
        }

        return (items, pages);
    }

    internal static long Token(string? answer) => Result(answer).GetProperty("token").GetInt64();

    internal static int[] Values(string? answer) => Values<int>(answer);

    private static T[] Values<T>(string? answer) => Result(answer).GetProperty("values").Deserialize<T[]>()!;

    internal static int? Code(string? answer) =>
        JsonDocument.Parse(answer!).RootElement.TryGetProperty("error", out var error) ? error.GetProperty("code").GetInt32() : null;

    private static JsonElement Result(string? answer)
    {
        var root = JsonDocument.Parse(answer ?? throw new InvalidOperationException("No answer")).RootElement;
        return root.TryGetProperty("result", out var result) ? result.Clone() : throw new InvalidOperationException($"Not a result: {answer}");
    }
}
