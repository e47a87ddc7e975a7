using OrleansRpc.Connections;
using OrleansRpc.Groups;
using OrleansRpc.Demo;
using OrleansRpc.Rpc;
using Orleans;

namespace OrleansRpc.Tests.TestGrains.Gateway;

public sealed class ProbeGrain(Barriers barriers) : Grain, IProbeGrain
{
    public Task<Unserializable> Unserializable() => Task.FromResult(new Unserializable());

    public Task<string> Optional(int a, int b = 10, string c = "x") => Task.FromResult($"{a}|{b}|{c}");

    public Task<string> Kinds(string text, bool flag, double number, int[] list, Dictionary<string, int> map, Point point, int? maybe = null) =>
        Task.FromResult($"{text}|{flag}|{number.ToString(System.Globalization.CultureInfo.InvariantCulture)}|{string.Join(",", list)}|{string.Join(",", map.OrderBy(p => p.Key).Select(p => $"{p.Key}={p.Value}"))}|{point.X},{point.Y}|{maybe?.ToString() ?? "none"}");

    public Task<string> Variadic(string label, params int[] values) => Task.FromResult($"{label}:{values.Sum()}:{values.Length}");

    public Task<string> Injected(RpcContext context, int x, int y, CancellationToken cancellationToken) =>
        Task.FromResult($"{x}|{y}|{context.Transport}|{context.ConnectionId == this.GetPrimaryKeyString()}|{cancellationToken.CanBeCanceled}");

    public async Task<string> Wait(string barrier)
    {
        barriers.Signal(barrier + ":entered");
        await barriers.Get(barrier).Task;
        return barrier;
    }

    public Task<string> WaitBriefly(string barrier) => Wait(barrier);

    public async Task<string> WaitForCancellation(string barrier, CancellationToken cancellationToken)
    {
        var cancelled = new TaskCompletionSource();
        await using (cancellationToken.Register(cancelled.SetResult))
        {
            barriers.Signal(barrier + ":entered");
            await cancelled.Task;
        }

        barriers.Signal(barrier + ":cancelled");
        return barrier;
    }

    public Task<int> ErrorWithData() => throw new JsonRpcException(4242, "custom failure", new Point(1, 2));

    public Task Nothing() => Task.CompletedTask;

    public Task<string> Many(int a, int b, int c, int d, int e, int f, RpcContext context, string h, long i = 9, params string[] rest) =>
        Task.FromResult($"{a},{b},{c},{d},{e},{f}|{context.ConnectionId == this.GetPrimaryKeyString()}|{h}|{i}|{string.Join(",", rest)}");

    public async ValueTask ValueTaskNothing(bool yield)
    {
        if (yield)
        {
            await Task.Yield();
        }
    }

    public async ValueTask<int> ValueTaskResult(int x)
    {
        await Task.Yield();
        return x * 2;
    }

    public Task<string> DefaultName() => Task.FromResult("default");

    public Task Notify(string barrier)
    {
        barriers.Signal(barrier);
        return Task.CompletedTask;
    }

    public Task<int> SignalThenThrow(string barrier)
    {
        barriers.Signal(barrier);
        throw new InvalidOperationException("internal detail of a notification");
    }

    public Task<Shape> MakeShape(Shape shape) => Task.FromResult(shape with { FirstName = shape.FirstName + "!" });

    public async Task<bool> PushShape(Shape shape, RpcContext context)
    {
        await context.ConnectionGrain.Notify("shape", shape);
        var group = "shape." + context.ConnectionId;
        await context.ConnectionGrain.JoinGroup(group);
        await GrainFactory.GetGrain<IGroupGrain>(group).Notify("group.shape", shape);
        return true;
    }

    public Task<bool> Push(string connection, string method, System.Text.Json.JsonElement payload) =>
        GrainFactory.GetGrain<IConnectionGrain>(connection).Notify(method, new PayloadParams(payload));

    public async Task<int> Burst(int count, RpcContext context)
    {
        for (var i = 0; i < count; i++)
        {
            await context.ConnectionGrain.Notify("burst", new[] { i });
        }

        return count;
    }

    public async Task<string> PushScalar(RpcContext context)
    {
        try
        {
            await context.ConnectionGrain.Notify("scalar", 42);
            return "sent";
        }
        catch (ArgumentException ex)
        {
            return ex.Message;
        }
    }

    public async Task<int[]> PushMany(string[] connections, int count, int size, int first = 0)
    {
        var padding = new string('p', size);
        var accepted = new int[connections.Length];
        for (var i = 0; i < count; i++)
        {
            for (var c = 0; c < connections.Length; c++)
            {
                if (await GrainFactory.GetGrain<IConnectionGrain>(connections[c]).Notify("many", new object[] { first + i, padding }))
                {
                    accepted[c]++;
                }
            }
        }

        return accepted;
    }

    public Task<string> Connection(RpcContext context) => Task.FromResult(context.ConnectionId);

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        barriers.Signal("deactivated:" + this.GetPrimaryKeyString());
        return Task.CompletedTask;
    }
}
