using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using OrleansRpc.Gateway.Dispatch;
using OrleansRpc.Gateway.Protocol;

namespace OrleansRpc.Gateway.Methods;

/// <summary>Binds a parameter of type <typeparamref name="T"/>.</summary>
internal sealed class ValueBinder<T>(JsonTypeInfo<T> typeInfo, Action<RpcCall, T> set, T defaultValue) : ValueBinder
{
    private readonly JsonConverter<T>? _direct = DirectConverter.For(typeInfo);

    public override void Read(ref Utf8JsonReader reader, RpcCall call) =>
        set(call, _direct is null ? JsonSerializer.Deserialize(ref reader, typeInfo)! : _direct.Read(ref reader, typeof(T), typeInfo.Options)!);

    public override void ReadRemaining(ref Utf8JsonReader reader, RpcCall call) =>
        throw new InvalidOperationException("Only a params array takes the rest of the positional parameters.");

    public override void SetDefault(RpcCall call) => set(call, defaultValue);
}
