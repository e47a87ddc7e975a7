namespace OrleansRpc.Benchmarks.Server;

internal sealed record SubtractResponse(string Jsonrpc, long Result, long Id);
