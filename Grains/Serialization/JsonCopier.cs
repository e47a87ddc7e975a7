using System.Text.Json;
using Orleans.Serialization.Codecs;
using Orleans.Serialization.Cloning;
using OrleansRpc.Serialization;

namespace OrleansRpc.Grains.Serialization;

/// <summary>
/// Copies a plain .NET type (no Orleans attributes) for a call to a grain on the same silo, as Orleans
/// copies every argument and result: through its JSON, with the node's JSON options, so that what
/// arrives is what a remote silo would get. A value JSON cannot carry fails here, as
/// <see cref="ValueNotSerializableException"/>.
/// </summary>
internal sealed class JsonCopier(RpcSerializer serializer) : IGeneralizedCopier
{
    public bool IsSupportedType(Type type) => PlainJsonTypes.Includes(type) && !CommonCodecTypeFilter.IsAbstractOrFrameworkType(type);

    public object? DeepCopy(object? input, CopyContext context)
    {
        if (input is null)
        {
            return null;
        }

        if (context.TryGetCopy(input, out object? copy))
        {
            return copy;
        }

        var type = input.GetType();
        try
        {
            var options = serializer.Options;
            copy = JsonSerializer.Deserialize(JsonSerializer.SerializeToUtf8Bytes(input, type, options), type, options);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new ValueNotSerializableException(type, ex);
        }

        context.RecordCopy(input, copy!);
        return copy;
    }
}
