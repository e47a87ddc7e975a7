using Orleans;

namespace OrleansRpc.Serialization;

/// <summary>A user as data: each identity with its claims, enough to rebuild the principal on another silo.</summary>
[GenerateSerializer, Alias("orpc.ClaimsPrincipal")]
public struct ClaimsPrincipalSurrogate
{
    [Id(0)]
    public ClaimsIdentitySurrogate[] Identities;
}
