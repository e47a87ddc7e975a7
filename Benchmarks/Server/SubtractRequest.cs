namespace OrleansRpc.Benchmarks.Server;

/// <summary>The JSON-RPC request as a minimal-API user would bind it.</summary>
internal sealed class SubtractRequest
{
    public string? Jsonrpc { get; set; }

    public string? Method { get; set; }

    public long[]? Params { get; set; }

    public long Id { get; set; }
}
