using System.Text.Json;
using System.Text.Json.Nodes;

namespace OrleansRpc.Tests.Infrastructure;

/// <summary>Checks that a text is a JSON-RPC answer: a response object, or a non-empty batch of them.</summary>
public static class JsonRpcResponseAssert
{
    /// <param name="context">What was sent, for the failure message.</param>
    public static void WellFormed(string answer, string context)
    {
        var node = JsonNode.Parse(answer);
        if (node is JsonArray batch)
        {
            Assert.True(batch.Count > 0, $"An empty batch answer for {context}");
            foreach (var element in batch)
            {
                WellFormedObject(element, $"{answer} for {context}");
            }
        }
        else
        {
            WellFormedObject(node, $"{answer} for {context}");
        }
    }

    private static void WellFormedObject(JsonNode? node, string why)
    {
        var response = Assert.IsType<JsonObject>(node);
        Assert.True(response.ContainsKey("id"), why);
        if (response.TryGetPropertyValue("jsonrpc", out var version))
        {
            Assert.True(version?.GetValue<string>() == "2.0", why);
            Assert.True(response.ContainsKey("result") ^ response.ContainsKey("error"), why);
        }
        else
        {
            // JSON-RPC 1.0 answers carry both.
            Assert.True(response.ContainsKey("result") && response.ContainsKey("error"), why);
        }

        if (response["error"] is JsonObject error)
        {
            Assert.True(error["code"]?.GetValueKind() == JsonValueKind.Number, why);
            Assert.True(error["message"]?.GetValueKind() == JsonValueKind.String, why);
        }
        else
        {
            Assert.True(response["error"] is null, why);
        }
    }
}
