using OrleansRpc.Rpc;
using OrleansRpc.Runtime;

namespace OrleansRpc.Tests.TestGrains.Gateway;

/// <summary>Methods that exercise binding, injection, errors and lifecycle through the gateway.</summary>
public interface IProbeGrain : IGrainWithStringKey
{
    [JsonRpcMethod("test.unserializable")]
    Task<Unserializable> Unserializable();

    [JsonRpcMethod("test.optional")]
    Task<string> Optional(int a, int b = 10, string c = "x");

    [JsonRpcMethod("test.kinds")]
    Task<string> Kinds(string text, bool flag, double number, int[] list, Dictionary<string, int> map, Point point, int? maybe = null);

    [JsonRpcMethod("test.variadic")]
    Task<string> Variadic(string label, params int[] values);

    [JsonRpcMethod("test.injected")]
    Task<string> Injected(RpcContext context, int x, CancellationToken cancellationToken, int y);

    [JsonRpcMethod("test.wait")]
    Task<string> Wait(string barrier);

    [JsonRpcMethod("test.error_data")]
    Task<int> ErrorWithData();

    [JsonRpcMethod("test.nothing")]
    Task Nothing();

    [JsonRpcMethod("test.valuetask")]
    ValueTask<int> ValueTaskResult(int x);

    [JsonRpcMethod]
    Task<string> DefaultName();

    [JsonRpcNotification("test.notify")]
    Task Notify(string barrier);

    [JsonRpcMethod("test.signal_then_throw")]
    Task<int> SignalThenThrow(string barrier);

    [JsonRpcMethod("test.shape")]
    Task<Shape> MakeShape(Shape shape);

    [JsonRpcMethod("test.connection")]
    Task<string> Connection(RpcContext context);
}
