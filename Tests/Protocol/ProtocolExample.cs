using OrleansRpc.Tests.Infrastructure;

namespace OrleansRpc.Tests.Protocol;

/// <summary>A request as raw JSON text and the exact answer expected (null: no answer at all).</summary>
public sealed record ProtocolExample(string Request, string? Expected)
{
    /// <summary>Sends the request and checks the answer, or that there is none.</summary>
    public async Task AssertAsync(RpcClient client)
    {
        var answer = await client.ExchangeAsync(Request, expectAnswer: Expected is not null);
        if (Expected is null)
        {
            Assert.Null(answer);
        }
        else
        {
            JsonAssert.Equal(Expected, answer);
        }
    }
}
