using System.Text.Json.Nodes;
using OrleansRpc.Tests.Infrastructure;

namespace OrleansRpc.Tests.WebSockets;

/// <summary>
/// Python's <c>websockets</c> (Debian's python3-websockets) as the client: a WebSocket stack written
/// apart from .NET's and the gateway's, which offers permessage-deflate by default and compresses every
/// message it sends, with context takeover.
/// </summary>
public sealed class PythonWebSocketsPeerTests(CompressingGatewayFixture fixture) : IClassFixture<CompressingGatewayFixture>
{
    /// <summary>Debian's interpreter, the one its python3-websockets package installs for.</summary>
    private const string Python = "/usr/bin/python3";

    [Fact]
    public async Task CompressedBothWaysCallsAndANotificationGoThrough()
    {
        var script = Path.Combine(AppContext.BaseDirectory, "WebSockets", "websockets_peer.py");
        await using var peer = HostProcess.StartProgram(Python, AppContext.BaseDirectory, script, fixture.Server.WebSocketEndpoint.ToString(), $"python-{Guid.NewGuid():N}");
        var line = await peer.WaitForLineAsync("{");
        Assert.True(0 == await peer.ExitCodeAsync(), peer.Output);

        var seen = JsonNode.Parse(line)!;
        JsonAssert.Equal("""
            {
              "extensions": "permessage-deflate; server_no_context_takeover",
              "echoed": [true, true, true],
              "answers": [{ "jsonrpc": "2.0", "result": true, "id": 4 }, { "jsonrpc": "2.0", "result": true, "id": 5 }],
              "notified": true,
              "sentCompressed": [true, true, true, true, true],
              "receivedCompressed": [true, true, true, false, true, false]
            }
            """, seen.ToJsonString());
    }
}
