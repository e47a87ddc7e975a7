using OrleansRpc.Benchmarks.Load;
using OrleansRpc.Benchmarks.Server;

namespace OrleansRpc.Benchmarks.Scenarios;

/// <summary>The endpoints every scenario compares: the system under test and its baselines.</summary>
internal static class Endpoints
{
    public static readonly WireFormat RawEcho = new JsonRpcWire("raw echo", BenchmarkServer.EchoPath);

    /// <summary>The raw echo that also calls the calculator grain once per message: Orleans's floor.</summary>
    public static readonly WireFormat EchoWithGrain = new JsonRpcWire("echo + grain call", BenchmarkServer.EchoWithGrainPath);

    public static readonly WireFormat JsonRpc = new JsonRpcWire("JSON-RPC", "/ws");

    /// <summary>SignalR without Orleans: the fan-out peer, whose groups live in the hub's process.</summary>
    public static readonly WireFormat SignalR = new SignalRWire("SignalR hub", BenchmarkServer.HubPath);

    /// <summary>SignalR whose <c>Subtract</c> calls the same grain JSON-RPC's does.</summary>
    public static readonly WireFormat SignalRWithGrain = new SignalRWire("SignalR hub + grain call", BenchmarkServer.HubWithGrainPath);

    public static readonly byte[] SubtractBody = JsonRpc.Subtract(1);
}
