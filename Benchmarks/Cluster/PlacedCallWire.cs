using System.Text;
using OrleansRpc.Benchmarks.Load;

namespace OrleansRpc.Benchmarks.Cluster;

/// <summary>
/// JSON-RPC whose calls go to <c>bench.subtract_on</c> with one of a few keys, each a grain the scenario
/// placed on a chosen node: the same subtraction as <c>subtract</c>, in a grain that may live elsewhere.
/// </summary>
internal sealed class PlacedCallWire(string name, IReadOnlyList<string> keys) : WireFormat(name, "/ws")
{
    private static readonly JsonRpcWire s_jsonRpc = new("JSON-RPC", "/ws");

    public override byte[] Subtract(int id) =>
        Encoding.UTF8.GetBytes($$"""{"jsonrpc":"2.0","method":"bench.subtract_on","params":["{{keys[id % keys.Count]}}",42,23],"id":{{id}}}""");

    public override byte[] Join(string group, int id) => s_jsonRpc.Join(group, id);

    public override byte[] Publish(string group, int payload, int padding, int id) => s_jsonRpc.Publish(group, payload, padding, id);

    public override void Parse(ReadOnlySpan<byte> message, ParsedMessage parsed) => s_jsonRpc.Parse(message, parsed);
}
