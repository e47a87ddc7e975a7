using Microsoft.Extensions.DependencyInjection;
using OrleansRpc.Tests.Infrastructure;
using OrleansRpc.Tests.TestGrains;

namespace OrleansRpc.Tests.Browser;

/// <summary>
/// The browser client, /orleansrpc.js, in headless chromium against the real gateway: imported as an ES
/// module by a page of the gateway's own origin, with no build step.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class BrowserClientTests(ChromiumFixture chromium, GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    private GatewayServer Server => gateway.Server;

    [Fact]
    public async Task CallsAnswerAndErrorsRejectWithTheServersCodeMessageAndData()
    {
        await using var page = await OpenAsync();

        var outcome = await EvaluateAsync(page, """
            async () => {
              const rpc = orpc.connect("/ws");
              const positional = await rpc.call("subtract", [42, 23]);
              const named = await rpc.call("subtract", { minuend: 42, subtrahend: 23 });
              const failure = async method => {
                try {
                  await rpc.call(method);
                  return "answered";
                } catch (e) {
                  return { name: e.name, isRpcError: e instanceof orpc.RpcError, code: e.code, message: e.message, data: e.data ?? null };
                }
              };
              const withData = await failure("ping_with_error_data");
              const missing = await failure("no.such.method");
              const protocol = rpc.protocol;
              rpc.close();
              return { positional, named, withData, missing: { code: missing.code, message: missing.message }, protocol };
            }
            """);

        JsonAssert.Equal("""
            {
              "positional": 19, "named": 19,
              "withData": { "name": "RpcError", "isRpcError": true, "code": -32000, "message": "pong_with_error", "data": ["test_data", true] },
              "missing": { "code": -32601, "message": "Method not found" },
              "protocol": "jsonrpc"
            }
            """, outcome);
    }

    [Fact]
    public async Task ServerNotificationsReachTheirHandlersAndInboundNotificationsGetNoAnswer()
    {
        await using var page = await OpenAsync();

        var outcome = await EvaluateAsync(page, """
            async () => {
              const rpc = orpc.connect("/ws");
              const unplaced = [];
              rpc.addEventListener("error", e => unplaced.push(e.detail));
              const pushed = new Promise(resolve => rpc.on("notification.notif", (params, message) => resolve({ params, message })));
              await rpc.call("group.join", ["browser-notifications"]);
              await rpc.notify("update", [1, 2, 3]);
              await rpc.call("group.send", { name: "browser-notifications", payload: { hello: "world" } });
              const received = await pushed;
              // The sentinel: an answer the server sent for the notification would have come before it.
              const sentinel = await rpc.call("echo", ["sentinel"]);
              rpc.close();
              return { received, sentinel, unplaced };
            }
            """);

        JsonAssert.Equal("""
            {
              "received": {
                "params": { "payload": { "hello": "world" } },
                "message": { "jsonrpc": "2.0", "method": "notification.notif", "params": { "payload": { "hello": "world" } } }
              },
              "sentinel": "sentinel",
              "unplaced": []
            }
            """, outcome);
    }

    [Fact]
    public async Task JsonRpc1IsSpokenWhenAsked()
    {
        await using var page = await OpenAsync();

        var outcome = await EvaluateAsync(page, """
            async () => {
              const rpc = orpc.connect("/ws", { version: "1.0" });
              const pushed = new Promise(resolve => rpc.on("notification.notif", (params, message) => resolve(message)));
              const difference = await rpc.call("subtract", [42, 23]);
              let error;
              try { await rpc.call("ping_with_error"); } catch (e) { error = { code: e.code, message: e.message }; }
              await rpc.call("group.join", ["browser-version1"]);
              await rpc.call("group.send", ["browser-version1", [1]]);
              const notification = await pushed;
              const overHttp = await rpc.call("subtract", [10, 4], { transport: "http" });
              rpc.close();
              return { difference, error, notification, overHttp };
            }
            """);

        JsonAssert.Equal("""
            {
              "difference": 19,
              "error": { "code": -32000, "message": "pong_with_error" },
              "notification": { "method": "notification.notif", "params": { "payload": [1] }, "id": null },
              "overHttp": 6
            }
            """, outcome);
    }

    [Theory]
    [InlineData("websocket")]
    [InlineData("http")]
    public async Task ABatchAnswersEachCallInItsOrder(string transport)
    {
        await using var page = await OpenAsync();

        var outcome = await EvaluateAsync(page, """
            async transport => {
              const rpc = orpc.connect("/ws");
              const batch = rpc.batch();
              const difference = batch.call("subtract", [42, 23]);
              batch.notify("update", [1]);
              const failing = batch.call("ping_with_error");
              const total = batch.call("sum", [1, 2, 3]);
              const settled = await batch.send({ transport });
              const onlyNotifications = rpc.batch();
              onlyNotifications.notify("update", [2]);
              const none = await onlyNotifications.send({ transport });
              rpc.close();
              return {
                settled: settled.map(s => s.status === "fulfilled" ? { value: s.value } : { code: s.reason.code, message: s.reason.message }),
                difference: await difference,
                failing: await failing.then(() => "answered", e => e.code),
                total: await total,
                none,
              };
            }
            """, transport);

        JsonAssert.Equal("""
            {
              "settled": [ { "value": 19 }, { "code": -32000, "message": "pong_with_error" }, { "value": 6 } ],
              "difference": 19, "failing": -32000, "total": 6, "none": []
            }
            """, outcome);
    }

    [Fact]
    public async Task ACallThatOutlivesItsTimeoutRejectsAndTheClientCarriesOn()
    {
        await using var page = await OpenAsync();
        var barriers = Server.Services.GetRequiredService<Barriers>();
        try
        {
            var outcome = await EvaluateAsync(page, """
                async () => {
                  const rpc = orpc.connect("/ws");
                  const timedOut = await rpc.call("test.wait", ["browser-timeout"], { timeout: 200 }).then(() => "answered", e => ({ name: e.name, message: e.message }));
                  const after = await rpc.call("subtract", [2, 1]);
                  rpc.close();
                  return { timedOut, after };
                }
                """);

            JsonAssert.Equal("""
                { "timedOut": { "name": "TimeoutError", "message": "No answer to test.wait within 200 ms" }, "after": 1 }
                """, outcome);
            // The call did reach its grain: the timeout was the client's, not a lost message.
            await barriers.WaitAsync("browser-timeout:entered");
        }
        finally
        {
            barriers.Signal("browser-timeout");
        }
    }

    [Fact]
    public async Task TheClientReconnectsWhenTheServerDropsItsSocket()
    {
        await using var page = await OpenAsync();
        var barriers = Server.Services.GetRequiredService<Barriers>();
        try
        {
            await page.Page.EvaluateAsync("""
                async () => {
                  const rpc = window.rpc = orpc.connect("/ws", { reconnect: { minDelay: 50, maxDelay: 200 } });
                  window.events = [];
                  for (const name of ["open", "close", "reconnecting"]) {
                    rpc.addEventListener(name, () => events.push(name));
                  }
                  await rpc.ready();
                  window.held = rpc.call("test.wait", ["browser-drop"]).then(() => "answered", e => e.name);
                  window.reopened = new Promise(resolve => rpc.addEventListener("open", resolve, { once: true }));
                }
                """);
            await barriers.WaitAsync("browser-drop:entered");

            Server.DropWebSockets();

            var outcome = await EvaluateAsync(page, """
                async () => {
                  await reopened;
                  const held = await window.held;
                  const after = await rpc.call("whoami");
                  return { held, transport: after.transport, events, state: rpc.state };
                }
                """);

            JsonAssert.Equal("""
                { "held": "ConnectionError", "transport": "websocket", "events": ["open", "close", "reconnecting", "open"], "state": "open" }
                """, outcome);
        }
        finally
        {
            barriers.Signal("browser-drop");
        }
    }

    [Fact]
    public async Task CallsGoOverHttpWhileTheSocketIsDown()
    {
        await using var page = await OpenAsync();

        var outcome = await EvaluateAsync(page, """
            async () => {
              // No WebSocket is served here, so the socket stays down and the client keeps retrying.
              const rpc = orpc.connect("/no-socket-here", { http: "/rpc", reconnect: { minDelay: 50, maxDelay: 100 } });
              await new Promise(resolve => rpc.addEventListener("reconnecting", resolve, { once: true }));
              const whoami = await rpc.call("whoami");
              const difference = await rpc.call("subtract", [42, 23]);
              const webSocketOnly = await rpc.call("ws_only").then(() => "answered", e => e.code);
              const state = rpc.state;
              rpc.close();
              return { transport: whoami.transport, difference, webSocketOnly, state };
            }
            """);

        JsonAssert.Equal("""
            { "transport": "http", "difference": 19, "webSocketOnly": -32601, "state": "reconnecting" }
            """, outcome);
    }

    [Fact]
    public async Task TheSubprotocolChromiumAsksForIsEchoedAndAnUnknownOneIsRefused()
    {
        await using var page = await OpenAsync();

        var outcome = await EvaluateAsync(page, """
            async () => {
              const url = new URL("/ws", location.href);
              url.protocol = "ws:";
              const open = protocols => new Promise(resolve => {
                const socket = new WebSocket(url, protocols);
                socket.onopen = () => { resolve({ opened: true, protocol: socket.protocol }); socket.close(); };
                socket.onclose = e => resolve({ opened: false, code: e.code });
              });
              return {
                jsonrpc: await open("jsonrpc"),
                version2: await open(["mqtt", "jsonrpc-2.0"]),
                unknown: await open("mqtt"),
              };
            }
            """);

        JsonAssert.Equal("""
            {
              "jsonrpc": { "opened": true, "protocol": "jsonrpc" },
              "version2": { "opened": true, "protocol": "jsonrpc-2.0" },
              "unknown": { "opened": false, "code": 1006 }
            }
            """, outcome);
    }

    [Fact]
    public async Task AnAbortedCallRejectsWithAnAbortErrorAndTheServerCancelsItsGrainsCall()
    {
        await using var page = await OpenAsync();
        var barriers = Server.Services.GetBarriers();
        var barrier = Guid.NewGuid().ToString("N");

        var outcome = EvaluateAsync(page, """
            async barrier => {
              const rpc = orpc.connect("/ws");
              const controller = new AbortController();
              window.abortCall = () => controller.abort();
              try {
                await rpc.call("test.wait_for_cancellation", [barrier], { signal: controller.signal });
                return "answered";
              } catch (e) {
                return { name: e.name, afterwards: await rpc.call("subtract", [42, 23]) };
              }
            }
            """, barrier);
        await barriers.WaitAsync(barrier + ":entered");
        await EvaluateAsync(page, "async () => { window.abortCall(); return true; }");

        JsonAssert.Equal("""{ "name": "AbortError", "afterwards": 19 }""", await outcome);
        await barriers.WaitAsync(barrier + ":cancelled");
    }

    [Fact]
    public async Task OnProgressGetsEveryReportInOrderBeforeTheAnswerAndNoneOfAnotherCall()
    {
        await using var page = await OpenAsync();

        var outcome = await EvaluateAsync(page, """
            async () => {
              const rpc = orpc.connect("/ws");
              const seen = [], other = [];
              const [first, second] = await Promise.all([
                rpc.call("test.progress_burst", { count: 300, progress: orpc.progress }, {
                  onProgress: value => seen.push(value),
                }).then(result => ({ result, reportsBefore: seen.length })),
                rpc.call("test.progress_burst", [5, orpc.progress], { onProgress: value => other.push(value) }),
              ]);
              const inOrder = seen.every((value, i) => value === i + 1);
              let unmarked;
              try { rpc.call("subtract", [42, 23], { onProgress: () => {} }); } catch (e) { unmarked = e.name; }
              return { ...first, inOrder, other, second, unmarked };
            }
            """);

        JsonAssert.Equal("""
            { "result": 300, "reportsBefore": 300, "inOrder": true, "other": [1, 2, 3, 4, 5], "second": 5, "unmarked": "TypeError" }
            """, outcome);
    }

    [Fact]
    public async Task ForAwaitReadsAStreamedResultWholeAndInOrder()
    {
        await using var page = await OpenAsync();

        var outcome = await EvaluateAsync(page, """
            async () => {
              const rpc = orpc.connect("/ws");
              const items = [];
              for await (const item of rpc.stream("test.stream_count", [10000])) {
                items.push(item);
              }
              const short = [];
              for await (const item of rpc.stream("test.stream_count", { count: 3 })) {
                short.push(item);
              }
              return { count: items.length, inOrder: items.every((value, i) => value === i + 1), short };
            }
            """);

        JsonAssert.Equal("""{ "count": 10000, "inOrder": true, "short": [1, 2, 3] }""", outcome);
    }

    [Theory]
    [InlineData("break")]
    [InlineData("abort")]
    public async Task LeavingAStreamEarlyOrAbortingItStopsTheGrainsSequence(string how)
    {
        await using var page = await OpenAsync();
        var barriers = Server.Services.GetBarriers();
        var barrier = Guid.NewGuid().ToString("N");

        var outcome = await EvaluateAsync(page, """
            async ([barrier, how]) => {
              const rpc = orpc.connect("/ws");
              const controller = new AbortController();
              let last = 0, error = null;
              try {
                for await (const item of rpc.stream("test.stream_watched", [barrier], { signal: controller.signal })) {
                  last = item;
                  if (item === 250) {
                    if (how === "break") break;
                    controller.abort();
                  }
                }
              } catch (e) {
                error = e.name;
              }
              return { reached: last >= 250, error, afterwards: await rpc.call("subtract", [42, 23]) };
            }
            """, new[] { barrier, how });

        var expected = how == "break" ? "null" : "\"AbortError\"";
        JsonAssert.Equal($$"""{ "reached": true, "error": {{expected}}, "afterwards": 19 }""", outcome);
        await barriers.WaitAsync(barrier + ":stopped");
    }

    private async Task<BrowserPage> OpenAsync()
    {
        var page = await chromium.NewPageAsync(Server.Address);
        // A page of the gateway's own origin that opens no socket of its own.
        await page.Page.GotoAsync("/healthz");
        await page.Page.EvaluateAsync("async () => { window.orpc = await import('/orleansrpc.js'); }");
        return page;
    }

    private static async Task<string> EvaluateAsync(BrowserPage page, string script, object? argument = null)
    {
        try
        {
            // As JSON text: Playwright's own serialization of objects marks them with $id and $ref.
            return await page.Page.EvaluateAsync<string>($"async argument => JSON.stringify(await ({script})(argument))", argument);
        }
        catch (Exception ex)
        {
            throw new Xunit.Sdk.XunitException($"The page failed: {ex.Message}\nIts console:\n{page.Console}");
        }
    }
}
