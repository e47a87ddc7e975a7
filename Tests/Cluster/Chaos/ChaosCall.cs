namespace OrleansRpc.Tests.Cluster.Chaos;

/// <summary>
/// One call of the chaos load and how it ended: with a result, a JSON-RPC error (its code and data), or a
/// transport failure (the socket or the HTTP connection to its Gateway broke, or nothing came in time).
/// </summary>
/// <param name="NodeBound">The call needs only its Gateway's node (its connection's grains, a stateless worker).</param>
internal sealed record ChaosCall(string Method, bool NodeBound, string Gateway, TimeSpan Start, TimeSpan End, int? Code, string? Data, string? Transport)
{
    public bool Succeeded => Code is null && Transport is null;

    public string Cause => Transport is not null ? "transport: " + Transport : Code is { } code ? $"{code} {Data}" : "ok";

    public bool Overlaps(ChaosFault fault) => Start <= fault.End && End >= fault.Start;

    public override string ToString() => $"{Method} on {Gateway} [{Start.TotalSeconds:0.000}–{End.TotalSeconds:0.000} s]: {Cause}";
}
