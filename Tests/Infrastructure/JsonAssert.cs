using System.Text.Json.Nodes;

namespace OrleansRpc.Tests.Infrastructure;

/// <summary>Compares JSON texts as JSON values, so member order and white space do not matter.</summary>
public static class JsonAssert
{
    /// <summary>
    /// Equal as JSON values. Where the expected error object has no <c>data</c> (the specification's
    /// examples leave that optional member out), the actual one's <c>data</c> is not compared.
    /// </summary>
    public static void Equal(string expected, string? actual)
    {
        Assert.NotNull(actual);
        var expectedNode = JsonNode.Parse(expected);
        var actualNode = JsonNode.Parse(actual);
        StripUnexpectedData(expectedNode, actualNode);
        Assert.True(
            JsonNode.DeepEquals(expectedNode, actualNode),
            $"Expected {expectedNode?.ToJsonString()}\n     got {actualNode?.ToJsonString()}\n(raw: {actual})");
    }

    private static void StripUnexpectedData(JsonNode? expected, JsonNode? actual)
    {
        if (expected is JsonArray expectedArray && actual is JsonArray actualArray)
        {
            for (var i = 0; i < Math.Min(expectedArray.Count, actualArray.Count); i++)
            {
                StripUnexpectedData(expectedArray[i], actualArray[i]);
            }
        }
        else if (expected is JsonObject expectedObject && actual is JsonObject actualObject
            && expectedObject["error"] is JsonObject expectedError && actualObject["error"] is JsonObject actualError
            && !expectedError.ContainsKey("data"))
        {
            actualError.Remove("data");
        }
    }
}
