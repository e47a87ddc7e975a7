using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

// Many WebSocket clients in one process, so that a test (or a benchmark) can hold more connections than
// one process's file limit allows for both ends. It joins every client to a group, says "joined N" on
// stdout, then waits until every client got the expected notifications, numbered 0, 1, … in order, and
// says "received N". Exit code 0 only if all of that happened.
//
//   OrleansRpc.Swarm <ws-url> <clients> <group> <expected-notifications>
if (args.Length != 4)
{
    Console.Error.WriteLine("usage: OrleansRpc.Swarm <ws-url> <clients> <group> <expected-notifications>");
    return 2;
}

var url = new Uri(args[0]);
var count = int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture);
var group = args[2];
var expected = int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture);
using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(3));
var clients = new ClientWebSocket[count];
try
{
    for (var wave = 0; wave < count; wave += 200)
    {
        await Task.WhenAll(Enumerable.Range(wave, Math.Min(200, count - wave)).Select(async i =>
        {
            var client = clients[i] = new ClientWebSocket();
            await client.ConnectAsync(url, deadline.Token);
            await client.SendAsync(Encoding.UTF8.GetBytes($$"""{"jsonrpc":"2.0","method":"group.join","params":["{{group}}"],"id":1}"""), WebSocketMessageType.Text, true, deadline.Token);
            using var answer = JsonDocument.Parse(await ReceiveAsync(client, deadline.Token));
            if (!answer.RootElement.TryGetProperty("result", out var result) || !result.GetBoolean())
            {
                throw new InvalidOperationException($"client {i} could not join: {answer.RootElement}");
            }
        }));
    }

    Console.WriteLine($"joined {count}");
    var received = 0;
    await Task.WhenAll(clients.Select(async (client, i) =>
    {
        for (var n = 0; n < expected; n++)
        {
            using var message = JsonDocument.Parse(await ReceiveAsync(client, deadline.Token));
            var payload = message.RootElement.GetProperty("params").GetProperty("payload").GetInt32();
            if (message.RootElement.GetProperty("method").GetString() != "notification.notif" || payload != n)
            {
                throw new InvalidOperationException($"client {i} expected notification {n}, got {message.RootElement}");
            }

            Interlocked.Increment(ref received);
        }
    }));
    Console.WriteLine($"received {received}");
    return 0;
}
catch (Exception ex)
{
    Console.WriteLine($"error {ex.GetType().Name}: {ex.Message}");
    return 1;
}
finally
{
    foreach (var client in clients)
    {
        client?.Abort();
        client?.Dispose();
    }
}

static async Task<byte[]> ReceiveAsync(ClientWebSocket client, CancellationToken cancellationToken)
{
    var buffer = new byte[4096];
    using var message = new MemoryStream();
    ValueWebSocketReceiveResult result;
    do
    {
        result = await client.ReceiveAsync(buffer.AsMemory(), cancellationToken);
        if (result.MessageType == WebSocketMessageType.Close)
        {
            throw new InvalidOperationException($"the server closed the connection: {client.CloseStatus} {client.CloseStatusDescription}");
        }

        message.Write(buffer, 0, result.Count);
    }
    while (!result.EndOfMessage);
    return message.ToArray();
}
