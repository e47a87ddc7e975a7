using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrleansRpc.Tests.Infrastructure;

namespace OrleansRpc.Tests.Protocol;

/// <summary>
/// Thousands of damaged messages, made from good ones by seeded random edits, go through both transports of
/// one gateway. Each must be answered the same way over HTTP and over a WebSocket (the per-transport methods
/// aside), every answer must be a well-formed JSON-RPC response, nothing may be logged as an error, and the
/// WebSocket must still work at the end.
/// </summary>
public sealed class FuzzedInputTests
{
    private const int Messages = 3000;

    private static readonly string[] Seeds =
    [
        """{"jsonrpc":"2.0","method":"subtract","params":[42,23],"id":1}""",
        """{"jsonrpc":"2.0","method":"subtract","params":{"minuend":42,"subtrahend":23},"id":"a"}""",
        """{"jsonrpc":"2.0","method":"sum","params":[1,2,4],"id":2}""",
        """{"jsonrpc":"2.0","method":"echo","params":{"value":{"a":[1,"x",null,true,1.5e3]}},"id":3}""",
        """{"jsonrpc":"2.0","method":"get_data","id":null}""",
        """{"jsonrpc":"2.0","method":"update","params":[1,2,3,4,5]}""",
        """{"jsonrpc":"2.0","method":"ping","params":{"fake_an_error":true},"id":4}""",
        """{"jsonrpc":"2.0","method":"ping_with_error_data","id":5}""",
        """{"jsonrpc":"2.0","method":"ws_only","id":6}""",
        """{"method":"subtract","params":[42,23],"id":7}""",
        """{"method":"notify_hello","params":[7],"id":null}""",
        """[{"jsonrpc":"2.0","method":"sum","params":[1,2,4],"id":"1"},{"jsonrpc":"2.0","method":"notify_hello","params":[7]},{"jsonrpc":"2.0","method":"subtract","params":[42,23],"id":"2"},{"foo":"boo"},{"jsonrpc":"2.0","method":"get_data","id":"9"}]""",
    ];

    private static readonly string[] Fragments =
    [
        "{", "}", "[", "]", ",", ":", "\"", "null", "true", "-0", "1e999", "99999999999999999999", "2147483648", "1.5",
        "\"\\u0000\"", "\"\\ud800\"", "\"\\uDFFF\\uD800\"", "\"id\":", "\"params\":", "\"jsonrpc\":\"1.0\",", "\"method\":\"sum\",",
        "\"method\":\"rpc.x\",", "\"id\":{},", "\"params\":\"x\",", "\"minuend\":", "[[[[[[[[", "]]]]]]]]", " \t\r\n",
    ];

    [Fact]
    public async Task DamagedMessagesAreAnsweredAlikeOnBothTransportsAndHarmNothing()
    {
        var log = new LogCapture();
        await using var server = await GatewayServer.StartAsync(services: s => s.AddSingleton<ILoggerProvider>(log));
        await using var http = new HttpRpcClient(server.HttpEndpoint);
        await using var socket = new WebSocketRpcClient(server.WebSocketEndpoint);
        await socket.ConnectAsync();

        var random = new Random(20261122);
        var answered = 0;
        for (var i = 0; i < Messages; i++)
        {
            var message = Damage(random, Encoding.UTF8.GetBytes(Seeds[random.Next(Seeds.Length)]));
            var overHttp = await PostAsync(http, server.HttpEndpoint, message);
            await socket.SendAsync(message, System.Net.WebSockets.WebSocketMessageType.Text);
            if (overHttp is null)
            {
                continue;
            }

            answered++;
            JsonRpcResponseAssert.WellFormed(overHttp, Show(message));

            // A message's answer comes before the next message is read, so it is the next frame.
            var overWebSocket = await socket.ReceiveAsync();
            if (!overHttp.Contains("_only", StringComparison.Ordinal))
            {
                Assert.True(overHttp == overWebSocket, $"Answered differently for {Show(message)}:\nHTTP {overHttp}\nWS   {overWebSocket}");
            }
        }

        // The edits are not so heavy that nothing reaches a method, nor so light that nothing is refused.
        Assert.InRange(answered, Messages / 2, Messages - 1);
        JsonAssert.Equal("""{"jsonrpc":"2.0","result":19,"id":"end"}""", await socket.ExchangeAsync("""{"jsonrpc":"2.0","method":"subtract","params":[42,23],"id":"end"}"""));
        Assert.DoesNotContain(log.Entries, e => e.Level >= LogLevel.Error);
    }

    /// <summary>One to three edits: cut a piece out, put a fragment in, change a byte, or repeat a piece.</summary>
    private static byte[] Damage(Random random, byte[] message)
    {
        var bytes = new List<byte>(message);
        for (var edits = random.Next(1, 4); edits > 0; edits--)
        {
            var at = random.Next(bytes.Count + 1);
            switch (random.Next(4))
            {
                case 0 when at < bytes.Count:
                    bytes.RemoveRange(at, random.Next(1, Math.Min(8, bytes.Count - at) + 1));
                    break;
                case 1:
                    bytes.InsertRange(at, Encoding.UTF8.GetBytes(Fragments[random.Next(Fragments.Length)]));
                    break;
                case 2 when at < bytes.Count:
                    bytes[at] = (byte)random.Next(256);
                    break;
                default:
                    var length = random.Next(0, Math.Min(12, bytes.Count - at) + 1);
                    bytes.InsertRange(at, bytes.GetRange(at, length));
                    break;
            }
        }

        return [.. bytes];
    }

    /// <summary>The answer, or null for 204; anything but 200 or 204 fails.</summary>
    private static async Task<string?> PostAsync(HttpRpcClient client, Uri endpoint, byte[] message)
    {
        var content = new ByteArrayContent(message);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = content });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.NoContent, $"{(int)response.StatusCode} for {Show(message)}");
        return response.StatusCode == HttpStatusCode.OK ? body : null;
    }

    private static string Show(byte[] message) => Convert.ToHexString(message) + " " + Encoding.UTF8.GetString(message);
}
