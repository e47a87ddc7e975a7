using System.Text.Json.Nodes;
using OrleansRpc.Tests.Infrastructure;

namespace OrleansRpc.Tests.Limits;

/// <summary>
/// <c>MaxCallsPerSecondPerAddress</c>: past its burst, an address's calls are answered -32003 and never
/// reach a grain, over either transport, while another address is counted apart.
/// </summary>
public sealed class CallRateTests
{
    [Theory]
    [InlineData("http")]
    [InlineData("ws")]
    public async Task CallsPastTheAddressRateAreServerBusy(string transport)
    {
        await using var server = await GatewayServer.StartAsync(arguments: ["--JsonRpc:MaxCallsPerSecondPerAddress=5"]);
        await using var client = server.Client(transport);

        // Thirty calls in one message, far faster than the bucket refills (5 a second).
        var batch = "[" + string.Join(",", Enumerable.Range(0, 30).Select(i => $$"""{"jsonrpc":"2.0","method":"ping","id":{{i}}}""")) + "]";
        var answers = JsonNode.Parse((await client.ExchangeAsync(batch))!)!.AsArray();

        var answered = answers.Count(a => (string?)a!["result"] == "pong");
        var busy = answers.Where(a => a!["error"] is not null).ToList();
        Assert.InRange(answered, 5, 15);
        Assert.Equal(30 - answered, busy.Count);
        Assert.All(busy, a => Assert.Equal(-32003, (int)a!["error"]!["code"]!));

        // Another address has a bucket of its own.
        using var other = OtherLoopbackAddress.Invoker();
        using var request = new HttpRequestMessage(HttpMethod.Post, server.HttpEndpoint) { Content = new StringContent("""{"jsonrpc":"2.0","method":"ping","id":1}""", System.Text.Encoding.UTF8, "application/json") };
        using var response = await other.SendAsync(request, CancellationToken.None);
        JsonAssert.Equal("""{"jsonrpc":"2.0","result":"pong","id":1}""", await response.Content.ReadAsStringAsync());
    }
}
