using Orleans;

namespace OrleansRpc.Serialization;

[GenerateSerializer, Alias("orpc.ClaimsIdentity")]
public struct ClaimsIdentitySurrogate
{
    /// <summary>Null for an identity that is not authenticated.</summary>
    [Id(0)]
    public string? AuthenticationType;

    [Id(1)]
    public string NameClaimType;

    [Id(2)]
    public string RoleClaimType;

    [Id(3)]
    public ClaimSurrogate[] Claims;
}
