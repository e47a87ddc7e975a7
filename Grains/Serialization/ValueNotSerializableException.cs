using Orleans;

namespace OrleansRpc.Grains.Serialization;

/// <summary>
/// A value of a plain .NET type could not be written as JSON where it had to cross a grain call (a
/// method's result, usually): the gateway answers -32603, as it does for a result it cannot write itself.
/// </summary>
[GenerateSerializer, Alias("orpc.ValueNotSerializableException")]
public sealed class ValueNotSerializableException : Exception
{
    public ValueNotSerializableException(Type type, Exception inner)
        : base($"A {type.Name} could not be serialized as JSON: {inner.Message}", inner)
    {
    }
}
