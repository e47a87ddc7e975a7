using OrleansRpc.Tests.Infrastructure;
using OrleansRpc.Tests.WebSockets;

namespace OrleansRpc.Tests.Browser;

/// <summary>
/// Chromium offers permessage-deflate on every WebSocket; against a gateway that agrees to it, its
/// compressed messages and the gateway's must both come through whole.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class CompressionPageTests(ChromiumFixture chromium, CompressingGatewayFixture gateway) : IClassFixture<CompressingGatewayFixture>
{
    [Fact]
    public async Task ChromiumAgreesToCompressionAndLargeCallsAndNotificationsComeThroughWhole()
    {
        await using var page = await chromium.NewPageAsync(gateway.Server.Address);
        await page.Page.GotoAsync("/healthz");

        string outcome;
        try
        {
            outcome = await page.Page.EvaluateAsync<string>("""
                async group => {
                  const text = length => Array.from({ length }, (_, i) => "word" + (i % 37)).join(" ").slice(0, length);
                  const url = new URL("/ws", location.href);
                  url.protocol = "ws:";
                  const socket = new WebSocket(url);
                  const messages = [];
                  let waiting = null;
                  socket.onmessage = e => { messages.push(JSON.parse(e.data)); waiting?.(); };
                  const next = async () => {
                    while (messages.length === 0) await new Promise(resolve => waiting = resolve);
                    return messages.shift();
                  };
                  await new Promise((resolve, reject) => { socket.onopen = resolve; socket.onerror = reject; });
                  const echoed = [];
                  for (let id = 1; id <= 3; id++) {
                    socket.send(JSON.stringify({ jsonrpc: "2.0", method: "echo", params: [text(3000)], id }));
                    const answer = await next();
                    echoed.push(answer.id === id && answer.result === text(3000));
                  }
                  socket.send(JSON.stringify({ jsonrpc: "2.0", method: "group.join", params: [group], id: 4 }));
                  const joined = await next();
                  socket.send(JSON.stringify({ jsonrpc: "2.0", method: "group.send", params: [group, { text: text(2000) }], id: 5 }));
                  const notification = await next();
                  const sent = await next();
                  socket.close();
                  return JSON.stringify({
                    extensions: socket.extensions,
                    echoed,
                    joined,
                    notified: notification.method === "notification.notif" && notification.params.payload.text === text(2000),
                    sent,
                  });
                }
                """, $"chromium-{Guid.NewGuid():N}");
        }
        catch (Exception ex)
        {
            throw new Xunit.Sdk.XunitException($"The page failed: {ex.Message}\nIts console:\n{page.Console}");
        }

        JsonAssert.Equal("""
            {
              "extensions": "permessage-deflate; server_no_context_takeover",
              "echoed": [true, true, true],
              "joined": { "jsonrpc": "2.0", "result": true, "id": 4 },
              "notified": true,
              "sent": { "jsonrpc": "2.0", "result": true, "id": 5 }
            }
            """, outcome);
    }
}
