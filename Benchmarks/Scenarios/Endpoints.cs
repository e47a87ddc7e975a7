using OrleansRpc.Benchmarks.Load;
using OrleansRpc.Benchmarks.Server;

namespace OrleansRpc.Benchmarks.Scenarios;

/// <summary>The endpoints every scenario compares: the system under test and its baselines.</summary>
internal static class Endpoints
{
    public static readonly WireFormat RawEcho = new JsonRpcWire("raw echo", BenchmarkServer.EchoPath);

    public static readonly WireFormat JsonRpc = new JsonRpcWire("JSON-RPC", "/ws");

    public static readonly WireFormat SignalR = new SignalRWire(BenchmarkServer.HubPath);

    public static readonly byte[] SubtractBody = JsonRpc.Subtract(1);
}
