using Orleans;

namespace OrleansRpc.Serialization;

[GenerateSerializer, Alias("orpc.Claim")]
public struct ClaimSurrogate
{
    [Id(0)]
    public string Type;

    [Id(1)]
    public string Value;

    [Id(2)]
    public string ValueType;

    [Id(3)]
    public string Issuer;
}
