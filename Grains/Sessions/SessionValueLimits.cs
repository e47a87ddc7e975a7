using System.Runtime.InteropServices;
using System.Text.Json;
using OrleansRpc.Rpc;

namespace OrleansRpc.Grains.Sessions;

/// <summary>
/// Bounds on what one client can store in a channel_session or a browser session, so that a client
/// cannot grow server memory or storage without limit. Breaking one is a -32602 naming the parameter.
/// </summary>
public static class SessionValueLimits
{
    public const int MaxKeyLength = 256;
    public const int MaxValueBytes = 64 * 1024;
    public const int MaxKeys = 256;

    /// <summary>
    /// Keys and values together, in UTF-8 bytes: what one client may make the server hold per session,
    /// well under what 256 keys of the largest value would take (16 MiB).
    /// </summary>
    public const int MaxTotalBytes = 1024 * 1024;

    /// <param name="values">What the session holds now, <paramref name="key"/>'s old value included.</param>
    public static void Check(string key, JsonElement value, IReadOnlyDictionary<string, JsonElement> values)
    {
        Check(key, value, values.Count, !values.ContainsKey(key));
        if (value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return;
        }

        long total = SizeOf(key, value);
        foreach (var (other, held) in values)
        {
            if (!string.Equals(other, key, StringComparison.Ordinal))
            {
                total += SizeOf(other, held);
            }
        }

        if (total > MaxTotalBytes)
        {
            throw Invalid("value", $"a session holds at most {MaxTotalBytes} bytes of keys and values");
        }
    }

    private static long SizeOf(string key, JsonElement value) =>
        System.Text.Encoding.UTF8.GetByteCount(key) + JsonMarshal.GetRawUtf8Value(value).Length;

    private static void Check(string key, JsonElement value, int keyCount, bool isNewKey)
    {
        if (key.Length is 0 or > MaxKeyLength)
        {
            throw Invalid("key", $"'key' must have 1 to {MaxKeyLength} characters");
        }

        if (value.ValueKind != JsonValueKind.Undefined && JsonMarshal.GetRawUtf8Value(value).Length > MaxValueBytes)
        {
            throw Invalid("value", $"'value' must be at most {MaxValueBytes} bytes of JSON");
        }

        if (isNewKey && keyCount >= MaxKeys)
        {
            throw Invalid("key", $"a session holds at most {MaxKeys} keys");
        }
    }

    private static JsonRpcException Invalid(string parameter, string reason) =>
        new(JsonRpcErrorCodes.InvalidParams, "Invalid params", new { parameter, reason });
}
