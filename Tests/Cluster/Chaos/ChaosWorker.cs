using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace OrleansRpc.Tests.Cluster.Chaos;

/// <summary>
/// One client of the chaos load, in rounds until stopped. Each round opens new sockets (connection churn)
/// on a Gateway the load balancer picks: one calls its own connection's grains and a stateless worker;
/// one joins a group of the round's own, while HTTP calls, through any Gateway, send to the group and
/// write and read the client's session. It checks what it can as it goes (results, the session's value,
/// the order of the member's notifications) and records every call in the ledger for the final judgement.
/// </summary>
internal sealed class ChaosWorker(int index, ChaosGateways gateways, ChaosLedger ledger)
{
    private const int SendsPerRound = 4;
    private const int Sentinel = 1_000_000;

    private readonly Random _random = new(index);
    private readonly CookieContainer _cookies = new();

    /// <summary>The last session write acknowledged.</summary>
    public long Acknowledged { get; private set; }

    /// <summary>The last session write attempted: one not acknowledged may have been stored or not.</summary>
    public long Attempted { get; private set; }

    public async Task RunAsync(CancellationToken stop)
    {
        for (var round = 1; !stop.IsCancellationRequested; round++)
        {
            await NodeBoundRoundAsync(gateways.Pick(_random), round);
            await GroupRoundAsync(gateways.Pick(_random), round);
        }
    }

    /// <summary>Reads the session back through <paramref name="gateway"/>: it holds the last write acknowledged, or a later one that may have been stored.</summary>
    public async Task CheckSessionAsync(ClusterNode gateway)
    {
        using var http = NewHttpClient();
        var value = await CallAsync("user_session.get (final)", nodeBound: false, gateway, () => PostAsync(http, gateway, "user_session.get", $"\"w{index}\""));
        if (value.Answered)
        {
            CheckSessionValue(value.Result, Acknowledged, $"read back through {gateway.Address} after the run");
        }
    }

    private async Task NodeBoundRoundAsync(ClusterNode gateway, int round)
    {
        await using var socket = new ChaosSocket();
        if (!(await CallAsync("connect", nodeBound: true, gateway, async () => { await socket.ConnectAsync(gateway.WebSocketEndpoint); return JsonNode.Parse("{\"result\":true}")!; })).Answered)
        {
            return;
        }

        var notified = await CallAsync("notify.me", nodeBound: true, gateway, () => socket.CallAsync(1, "notify.me", round.ToString()));
        if (notified.Answered && (notified.Result?.GetValue<bool>() != true || !socket.Notifications("notification.ownnotif").Any(n => (int?)n["params"]?["payload"] == round)))
        {
            ledger.Violation($"notify.me on {gateway.Address} answered {notified.Result?.ToJsonString()} with notifications {Payloads(socket, "notification.ownnotif")}");
        }

        var subtracted = await CallAsync("subtract", nodeBound: true, gateway, () => socket.CallAsync(2, "subtract", $"{round + 7},7"));
        if (subtracted.Answered && subtracted.Result?.GetValue<int>() != round)
        {
            ledger.Violation($"subtract on {gateway.Address} answered {subtracted.Result?.ToJsonString()} for {round}");
        }
    }

    private async Task GroupRoundAsync(ClusterNode gateway, int round)
    {
        var group = $"chaos-{index}-{round}";
        var joined = ledger.Now;
        await using var member = new ChaosSocket();
        if (!(await CallAsync("connect", nodeBound: true, gateway, async () => { await member.ConnectAsync(gateway.WebSocketEndpoint); return JsonNode.Parse("{\"result\":true}")!; })).Answered
            || !(await CallAsync("group.join", nodeBound: false, gateway, () => member.CallAsync(1, "group.join", $"\"{group}\""))).Answered)
        {
            return;
        }

        using var http = NewHttpClient();
        var acknowledged = new List<int>();
        for (var send = 1; send <= SendsPerRound; send++)
        {
            var publisher = gateways.Pick(_random);
            if ((await CallAsync("group.send", nodeBound: false, publisher, () => PostAsync(http, publisher, "group.send", $"\"{group}\",{send}"))).Answered)
            {
                acknowledged.Add(send);
            }

            await SessionStepAsync(http, gateways.Pick(_random));
        }

        var last = gateways.Pick(_random);
        var sentinelSent = (await CallAsync("group.send", nodeBound: false, last, () => PostAsync(http, last, "group.send", $"\"{group}\",{Sentinel}"))).Answered;
        var sentinelSeen = sentinelSent && await member.WaitForNotificationAsync(n => (int?)n["params"]?["payload"] == Sentinel, TimeSpan.FromSeconds(30));
        var payloads = member.Notifications("notification.notif").Select(n => (int)n["params"]!["payload"]!).ToList();

        // In publish order, each once; and, if the member was still there for the sentinel, every acknowledged send.
        if (!payloads.Zip(payloads.Skip(1)).All(pair => pair.First < pair.Second))
        {
            ledger.Violation($"member of {group} on {gateway.Address} got {string.Join(",", payloads)}: out of order or twice");
        }

        if (sentinelSeen && acknowledged.Except(payloads).ToList() is { Count: > 0 } missing)
        {
            ledger.Violation($"member of {group} on {gateway.Address} missed acknowledged sends {string.Join(",", missing)} (got {string.Join(",", payloads)})");
        }

        if (sentinelSent && !sentinelSeen)
        {
            // Only its Gateway's end explains a member that stops hearing its group.
            ledger.Record(new ChaosCall("group member", NodeBound: false, gateway.Address.ToString(), joined, ledger.Now, null, null, member.Closed.IsCompleted ? "socket closed" : "sentinel never arrived"));
        }
    }

    private async Task SessionStepAsync(HttpClient http, ClusterNode gateway)
    {
        var value = ++Attempted;
        if ((await CallAsync("user_session.set", nodeBound: false, gateway, () => PostAsync(http, gateway, "user_session.set", $"\"w{index}\",{value}"))).Answered)
        {
            Acknowledged = value;
        }

        var reader = gateways.Pick(_random);
        var before = Acknowledged;
        var read = await CallAsync("user_session.get", nodeBound: false, reader, () => PostAsync(http, reader, "user_session.get", $"\"w{index}\""));
        if (read.Answered)
        {
            CheckSessionValue(read.Result, before, $"read through {reader.Address}");
        }
    }

    private void CheckSessionValue(JsonNode? result, long acknowledged, string when)
    {
        var value = result?.GetValue<long>() ?? 0;
        if (value < acknowledged || value > Attempted)
        {
            ledger.Violation($"worker {index}'s session {when} holds {value}; acknowledged {acknowledged}, attempted up to {Attempted}");
        }
    }

    /// <summary>Makes the call and records how it ended; the result only when it answered one.</summary>
    private async Task<(bool Answered, JsonNode? Result)> CallAsync(string method, bool nodeBound, ClusterNode gateway, Func<Task<JsonNode>> call)
    {
        var start = ledger.Now;
        try
        {
            var answer = await call();
            var error = answer["error"];
            ledger.Record(new ChaosCall(method, nodeBound, gateway.Address.ToString(), start, ledger.Now, (int?)error?["code"], error?["data"]?.ToString(), null));
            return (error is null, answer["result"]);
        }
        catch (Exception ex) when (ex is WebSocketException or HttpRequestException or TimeoutException or OperationCanceledException)
        {
            ledger.Record(new ChaosCall(method, nodeBound, gateway.Address.ToString(), start, ledger.Now, null, null, ex.GetType().Name));
            return (false, null);
        }
    }

    private HttpClient NewHttpClient() => new(new SocketsHttpHandler { CookieContainer = _cookies }) { Timeout = TimeSpan.FromSeconds(30) };

    private static async Task<JsonNode> PostAsync(HttpClient http, ClusterNode gateway, string method, string parameters)
    {
        var body = $$"""{"jsonrpc":"2.0","method":"{{method}}","params":[{{parameters}}],"id":1}""";
        using var response = await http.PostAsync(gateway.HttpEndpoint, new StringContent(body, Encoding.UTF8, "application/json"));
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new HttpRequestException($"HTTP {(int)response.StatusCode}");
        }

        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    private static string Payloads(ChaosSocket socket, string method) =>
        string.Join(",", socket.Notifications(method).Select(n => n["params"]?["payload"]?.ToJsonString()));
}
