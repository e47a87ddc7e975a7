using System.Text.Json.Nodes;
using OrleansRpc.Tests.Infrastructure;

namespace OrleansRpc.Tests.Cluster;

/// <summary>JSON-RPC calls as the cluster tests make them: positional params, the whole answer or its result.</summary>
internal static class ClusterCalls
{
    /// <summary>The whole answer of a call with <paramref name="parameters"/> as the inside of a params array.</summary>
    public static async Task<JsonNode> AnswerAsync(this RpcClient client, string method, string parameters) =>
        JsonNode.Parse((await client.ExchangeAsync($$"""{"jsonrpc":"2.0","method":"{{method}}","params":[{{parameters}}],"id":1}"""))!)!;

    /// <summary>The call's result; an error answer fails the test.</summary>
    public static async Task<JsonNode> CallAsync(this RpcClient client, string method, string parameters)
    {
        var answer = await client.AnswerAsync(method, parameters);
        return answer["result"] ?? throw new Xunit.Sdk.XunitException($"{method} answered {answer.ToJsonString()}");
    }

    /// <summary>
    /// As a client does with an error that says "try again" (-32004: the grain's node went away; -32005:
    /// storage is away): calls again, a bounded number of times, while the cluster recovers. Nothing
    /// outside the nodes tells when it has; the answer that ends the retries is returned as it is.
    /// </summary>
    public static async Task<JsonNode> AnswerRetryingAsync(this RpcClient client, string method, string parameters, int[] retryOn, int attempts, TimeSpan pause)
    {
        for (var attempt = 1; ; attempt++)
        {
            var answer = await client.AnswerAsync(method, parameters);
            if (answer["error"]?["code"]?.GetValue<int>() is not { } code || !retryOn.Contains(code) || attempt == attempts)
            {
                return answer;
            }

            await Task.Delay(pause);
        }
    }

    /// <summary>The silo address of the cluster's one headless Silo: it prints none, so it is the active member that is no Gateway's.</summary>
    public static async Task<string> HeadlessSiloAsync(this ClusterTopology cluster)
    {
        await using var http = new HttpRpcClient(cluster.Gateways[0].HttpEndpoint);
        var active = await http.CallAsync("test.active_silos", string.Empty);
        return active.AsArray().Select(silo => silo!.GetValue<string>()).Except(cluster.Gateways.Select(node => node.Silo)).Single();
    }
}
