using OrleansRpc.Rpc;
using Orleans;

namespace OrleansRpc.Tests.TestGrains.Gateway;

/// <summary>Methods that exercise binding, injection, errors and lifecycle through the gateway.</summary>
public interface IProbeGrain : IGrainWithStringKey
{
    [JsonRpcMethod("test.unserializable")]
    Task<Unserializable> Unserializable();

    [JsonRpcMethod("test.optional")]
    [System.ComponentModel.Description("Echoes its arguments, defaults filled in.")]
    Task<string> Optional(int a, int b = 10, string c = "x");

    [JsonRpcMethod("test.kinds")]
    Task<string> Kinds(string text, bool flag, double number, int[] list, Dictionary<string, int> map, Point point, int? maybe = null);

    [JsonRpcMethod("test.variadic")]
    Task<string> Variadic(string label, params int[] values);

    [JsonRpcMethod("test.injected")]
    Task<string> Injected(RpcContext context, int x, int y, CancellationToken cancellationToken);

    [JsonRpcMethod("test.wait")]
    Task<string> Wait(string barrier);

    /// <summary><c>test.wait</c> with Orleans's per-method response timeout of 200 ms.</summary>
    [JsonRpcMethod("test.wait_briefly")]
    [ResponseTimeout("00:00:00.200")]
    Task<string> WaitBriefly(string barrier);

    /// <summary>Signals "{barrier}:entered", then "{barrier}:cancelled" once the connection's token is cancelled.</summary>
    [JsonRpcMethod("test.wait_for_cancellation")]
    Task<string> WaitForCancellation(string barrier, CancellationToken cancellationToken);

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

    /// <summary>Sends the shape to the caller as a notification ("shape"), then to a group of its own that it joins ("group.shape").</summary>
    [JsonRpcMethod("test.push_shape")]
    Task<bool> PushShape(Shape shape, RpcContext context);

    /// <summary>Pushes <c>{"payload": payload}</c> to any connection, as a host service or another user's call would.</summary>
    [JsonRpcMethod("test.push")]
    Task<bool> Push(string connection, string method, System.Text.Json.JsonElement payload);

    /// <summary>Sends <paramref name="count"/> numbered notifications to the caller before answering.</summary>
    [JsonRpcMethod("test.burst")]
    Task<int> Burst(int count, RpcContext context);

    /// <summary>Tries to send a scalar as params and answers the error it got.</summary>
    [JsonRpcMethod("test.push_scalar")]
    Task<string> PushScalar(RpcContext context);

    /// <summary>Sends notifications numbered from <paramref name="first"/>, of about <paramref name="size"/> bytes, to each connection; answers how many each accepted.</summary>
    [JsonRpcMethod("test.push_many")]
    Task<int[]> PushMany(string[] connections, int count, int size, int first = 0);

    [JsonRpcMethod("test.connection")]
    Task<string> Connection(RpcContext context);

    /// <summary>More arguments than one value tuple holds (seven): an injected one among them, a default and a variadic past the seventh.</summary>
    [JsonRpcMethod("test.many")]
    Task<string> Many(int a, int b, int c, int d, int e, int f, RpcContext context, string h, long i = 9, params string[] rest);

    /// <summary>A ValueTask without a result, completed at once or after a yield.</summary>
    [JsonRpcMethod("test.valuetask_nothing")]
    ValueTask ValueTaskNothing(bool yield);
}
