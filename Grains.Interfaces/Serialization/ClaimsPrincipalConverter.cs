using System.Security.Claims;
using Orleans;

namespace OrleansRpc.Serialization;

/// <summary>
/// Lets a <see cref="ClaimsPrincipal"/> cross a grain call (in <c>RpcContext</c>), which Orleans cannot
/// serialize by itself: the identities and their claims go, anything else a principal carries stays.
/// </summary>
[RegisterConverter]
public sealed class ClaimsPrincipalConverter : IConverter<ClaimsPrincipal, ClaimsPrincipalSurrogate>
{
    public ClaimsPrincipal ConvertFromSurrogate(in ClaimsPrincipalSurrogate surrogate)
    {
        var identities = new ClaimsIdentity[surrogate.Identities.Length];
        for (var i = 0; i < identities.Length; i++)
        {
            var identity = surrogate.Identities[i];
            var claims = new Claim[identity.Claims.Length];
            for (var c = 0; c < claims.Length; c++)
            {
                var claim = identity.Claims[c];
                claims[c] = new Claim(claim.Type, claim.Value, claim.ValueType, claim.Issuer);
            }

            identities[i] = new ClaimsIdentity(claims, identity.AuthenticationType, identity.NameClaimType, identity.RoleClaimType);
        }

        return new ClaimsPrincipal(identities);
    }

    public ClaimsPrincipalSurrogate ConvertToSurrogate(in ClaimsPrincipal value)
    {
        var identities = new List<ClaimsIdentitySurrogate>();
        foreach (var identity in value.Identities)
        {
            var claims = new List<ClaimSurrogate>();
            foreach (var claim in identity.Claims)
            {
                claims.Add(new ClaimSurrogate { Type = claim.Type, Value = claim.Value, ValueType = claim.ValueType, Issuer = claim.Issuer });
            }

            identities.Add(new ClaimsIdentitySurrogate
            {
                AuthenticationType = identity.AuthenticationType,
                NameClaimType = identity.NameClaimType,
                RoleClaimType = identity.RoleClaimType,
                Claims = [.. claims],
            });
        }

        return new ClaimsPrincipalSurrogate { Identities = [.. identities] };
    }
}
