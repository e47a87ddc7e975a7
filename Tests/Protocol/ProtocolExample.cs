namespace OrleansRpc.Tests.Protocol;

/// <summary>A request as raw JSON text and the exact answer expected (null: no answer at all).</summary>
public sealed record ProtocolExample(string Request, string? Expected);
