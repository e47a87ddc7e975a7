using System.Text.Json;
using System.Text.Json.Serialization;
using OrleansRpc.Tests.Infrastructure;

namespace OrleansRpc.Tests.Protocol;

/// <summary>The configured JSON options (the original library's custom encoder) apply to params and results.</summary>
public sealed class SerializerOptionsTests
{
    [Theory]
    [InlineData("http")]
    [InlineData("ws")]
    public async Task DefaultsAreCamelCase(string transport)
    {
        await using var server = await GatewayServer.StartAsync();
        await using var client = server.Client(transport);
        var answer = await client.ExchangeAsync("""{"jsonrpc":"2.0","method":"test.shape","params":[{"firstName":"Ada","color":1}],"id":1}""");
        JsonAssert.Equal("""{"jsonrpc":"2.0","result":{"firstName":"Ada!","color":1},"id":1}""", answer);
    }

    [Theory]
    [InlineData("http")]
    [InlineData("ws")]
    public async Task ConfiguredNamingPolicyAndConvertersApply(string transport)
    {
        await using var server = await GatewayServer.StartAsync(o =>
        {
            o.SerializerOptions = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        });
        await using var client = server.Client(transport);
        var answer = await client.ExchangeAsync("""{"jsonrpc":"2.0","method":"test.shape","params":{"shape":{"first_name":"Ada","color":"blue"}},"id":1}""");
        JsonAssert.Equal("""{"jsonrpc":"2.0","result":{"first_name":"Ada!","color":"blue"},"id":1}""", answer);
    }
}
