using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
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

    /// <summary>
    /// Notifications are written with the options of the gateway whose grains send them, to a connection
    /// and to a group alike: two gateways in one process, side by side, each keep their own (the options are
    /// a service of each node, not a setting of the process).
    /// </summary>
    [Fact]
    public async Task NotificationsUseTheirOwnGatewaysOptions()
    {
        var snakeCase = GatewayServer.StartAsync(o =>
        {
            o.SerializerOptions = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        });
        var defaults = GatewayServer.StartAsync();
        await using var snakeCaseServer = await snakeCase;
        await using var defaultServer = await defaults;

        foreach (var (server, expected) in new[]
        {
            (snakeCaseServer, """{"first_name":"Ada","color":"blue"}"""),
            (defaultServer, """{"firstName":"Ada","color":1}"""),
        })
        {
            await using var client = new WebSocketRpcClient(server.WebSocketEndpoint);
            await client.ConnectAsync();
            // Each reads the shape in its own options, and writes it back in them.
            await client.SendAsync($$"""{"jsonrpc":"2.0","method":"test.push_shape","params":{"shape":{{expected}}},"id":1}""");
            JsonAssert.Equal($$"""{"jsonrpc":"2.0","method":"shape","params":{{expected}}}""", await client.ReceiveAsync());
            JsonAssert.Equal($$"""{"jsonrpc":"2.0","method":"group.shape","params":{{expected}}}""", await client.ReceiveAsync());
            JsonAssert.Equal("""{"jsonrpc":"2.0","result":true,"id":1}""", await client.ReceiveAsync());
        }
    }

    /// <summary>Simple values skip the serializer only with its own converters: a user's converter still reads and writes them.</summary>
    [Theory]
    [InlineData("http")]
    [InlineData("ws")]
    public async Task ConverterForASimpleValueApplies(string transport)
    {
        await using var server = await GatewayServer.StartAsync(o =>
        {
            o.SerializerOptions = new JsonSerializerOptions();
            o.SerializerOptions.Converters.Add(new HexInt64Converter());
        });
        await using var client = server.Client(transport);
        var answer = await client.ExchangeAsync("""{"jsonrpc":"2.0","method":"subtract","params":["0x10","0x3"],"id":1}""");
        JsonAssert.Equal("""{"jsonrpc":"2.0","result":"0xd","id":1}""", answer);
    }

    [Theory]
    [InlineData("http")]
    [InlineData("ws")]
    public async Task NumberHandlingApplies(string transport)
    {
        await using var server = await GatewayServer.StartAsync(o =>
            o.SerializerOptions = new JsonSerializerOptions { NumberHandling = JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.WriteAsString });
        await using var client = server.Client(transport);
        var answer = await client.ExchangeAsync("""{"jsonrpc":"2.0","method":"subtract","params":["42",23],"id":1}""");
        JsonAssert.Equal("""{"jsonrpc":"2.0","result":"19","id":1}""", answer);
    }

    [Theory]
    [InlineData("http")]
    [InlineData("ws")]
    public async Task AConverterThatFailsIsAnInternalErrorAndLogged(string transport)
    {
        var log = new LogCapture();
        await using var server = await GatewayServer.StartAsync(
            o =>
            {
                o.SerializerOptions = new JsonSerializerOptions();
                o.SerializerOptions.Converters.Add(new HexInt64Converter());
            },
            services: s => s.AddSingleton<ILoggerProvider>(log));
        await using var client = server.Client(transport);

        // Given null, the converter dereferences it: an application's bug, not the caller's.
        var answer = await client.ExchangeAsync("""{"jsonrpc":"2.0","method":"subtract","params":[null,"0x3"],"id":1}""");

        JsonAssert.Equal("""{"jsonrpc":"2.0","error":{"code":-32603,"message":"Internal error","data":"The params could not be read."},"id":1}""", answer);
        var entry = Assert.Single(log.Entries, e => e.Level >= LogLevel.Error);
        Assert.Contains("Subtract", entry.Message);
        JsonAssert.Equal("""{"jsonrpc":"2.0","result":"0xd","id":2}""", await client.ExchangeAsync("""{"jsonrpc":"2.0","method":"subtract","params":["0x10","0x3"],"id":2}"""));
    }

    private sealed class HexInt64Converter : JsonConverter<long>
    {
        public override long Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            Convert.ToInt64(reader.GetString()![2..], 16);

        public override void Write(Utf8JsonWriter writer, long value, JsonSerializerOptions options) =>
            writer.WriteStringValue($"0x{value:x}");
    }
}
