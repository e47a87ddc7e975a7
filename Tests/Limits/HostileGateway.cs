using System.Net.Sockets;
using OrleansRpc.Testing;
using System.Text;
using System.Text.Json.Nodes;
using OrleansRpc.Tests.Infrastructure;

namespace OrleansRpc.Tests.Limits;

/// <summary>
/// The demo gateway in a process of its own, under the GC heap limit .NET sets inside a 1 GiB container
/// (768 MiB), with what the hostile-client tests need: its memory after full collections, a bystander's
/// check, and raw HTTP clients that behave as an attacker's do.
/// </summary>
internal sealed class HostileGateway : IAsyncDisposable
{
    private static readonly Dictionary<string, string> s_containerHeap = new() { ["DOTNET_GCHeapHardLimit"] = "0x30000000" };
    private static readonly TimeSpan s_bystanderPatience = TimeSpan.FromSeconds(2);

    private readonly TestProcess _process;
    private readonly WebSocketRpcClient _probe;

    private HostileGateway(TestProcess process, Uri address)
    {
        _process = process;
        HttpEndpoint = new Uri(address, "/rpc");
        WebSocketEndpoint = new Uri($"ws://{address.Authority}/ws");
        _probe = new WebSocketRpcClient(WebSocketEndpoint);
    }

    public Uri HttpEndpoint { get; }

    public Uri WebSocketEndpoint { get; }

    public TestProcess Process => _process;

    public static async Task<HostileGateway> StartAsync(params string[] arguments)
    {
        var process = HostProcess.Start("Tests.Host", "OrleansRpc.Tests.Host.dll", s_containerHeap, [.. RpcTestServer.LoopbackArguments, .. arguments]);
        var address = new Uri((await process.WaitForLineAsync("listening ")).Split(' ')[1]);
        return new HostileGateway(process, address);
    }

    /// <summary>The managed heap's live bytes after full, compacting collections.</summary>
    public async Task<long> HeapAsync()
    {
        var memory = JsonNode.Parse((await _probe.ExchangeAsync("""{"jsonrpc":"2.0","method":"test.memory","id":9}"""))!)!["result"]!;
        return (long)memory["heap"]!;
    }

    /// <summary>The process lives, a new client is answered within 2 s over each transport, and the heap grew by less than <paramref name="allowedGrowth"/> since <paramref name="before"/>.</summary>
    public async Task AssertHealthyAsync(long before, long allowedGrowth)
    {
        await using (var bystander = new WebSocketRpcClient(WebSocketEndpoint))
        {
            JsonAssert.Equal("""{"jsonrpc":"2.0","result":19,"id":1}""", await bystander.ExchangeAsync("""{"jsonrpc":"2.0","method":"subtract","params":[42,23],"id":1}""").WaitAsync(s_bystanderPatience));
        }

        await using (var bystander = new HttpRpcClient(HttpEndpoint))
        {
            JsonAssert.Equal("""{"jsonrpc":"2.0","result":19,"id":1}""", await bystander.ExchangeAsync("""{"jsonrpc":"2.0","method":"subtract","params":[42,23],"id":1}""").WaitAsync(s_bystanderPatience));
        }

        var growth = await HeapAsync() - before;
        Assert.True(growth < allowedGrowth, $"The heap grew by {growth / 1024 / 1024} MiB; it may grow by {allowedGrowth / 1024 / 1024} MiB.");
    }

    /// <summary>
    /// A POST that announces <paramref name="length"/> bytes and sends three. It asks for <c>100 Continue</c>,
    /// which Kestrel sends once the gateway starts reading the body: when this returns, the gateway holds
    /// whatever it holds for the body.
    /// </summary>
    public async Task<TcpClient> AnnounceBodyAsync(int length)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(HttpEndpoint.Host, HttpEndpoint.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"POST /rpc HTTP/1.1\r\nHost: {HttpEndpoint.Authority}\r\nContent-Type: application/json\r\nContent-Length: {length}\r\nExpect: 100-continue\r\n\r\n"));
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            await stream.ReadExactlyAsync(one).AsTask().WaitAsync(TimeSpan.FromSeconds(15));
            head.Append((char)one[0]);
        }

        Assert.StartsWith("HTTP/1.1 100", head.ToString(), StringComparison.Ordinal);
        await stream.WriteAsync("[  "u8.ToArray());
        return tcp;
    }

    /// <summary>POSTs <paramref name="body"/> from a socket with a small receive buffer that never reads.</summary>
    public async Task<TcpClient> PostWithoutReadingAsync(string body, string cookie)
    {
        var tcp = new TcpClient { ReceiveBufferSize = 4096 };
        await tcp.ConnectAsync(HttpEndpoint.Host, HttpEndpoint.Port);
        var bytes = Encoding.UTF8.GetBytes(body);
        await tcp.GetStream().WriteAsync(Encoding.ASCII.GetBytes($"POST /rpc HTTP/1.1\r\nHost: {HttpEndpoint.Authority}\r\nContent-Type: application/json\r\nCookie: {cookie}\r\nContent-Length: {bytes.Length}\r\n\r\n"));
        await tcp.GetStream().WriteAsync(bytes);
        return tcp;
    }

    public async ValueTask DisposeAsync()
    {
        await _probe.DisposeAsync();
        await _process.DisposeAsync();
    }
}
