using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using OrleansRpc.Gateway.Dispatch;

namespace OrleansRpc.Gateway.Methods;

/// <summary>
/// Binds a <c>params TElement[]</c> parameter: from the rest of a positional array, or from one JSON
/// array when named; empty when left out.
/// </summary>
internal sealed class ParamsArrayBinder<TElement>(JsonTypeInfo<TElement[]> arrayInfo, JsonTypeInfo<TElement> elementInfo, Action<RpcCall, TElement[]> set) : ValueBinder
{
    public override void Read(ref Utf8JsonReader reader, RpcCall call) => set(call, JsonSerializer.Deserialize(ref reader, arrayInfo)!);

    public override void ReadRemaining(ref Utf8JsonReader reader, RpcCall call)
    {
        var values = new List<TElement>();
        do
        {
            values.Add(JsonSerializer.Deserialize(ref reader, elementInfo)!);
        }
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray);

        set(call, values.ToArray());
    }

    public override void SetDefault(RpcCall call) => set(call, []);
}
