using OrleansRpc.Demo;

namespace OrleansRpc.Benchmarks.Server;

/// <summary>
/// The grain every "with one grain call" baseline calls: the demo calculator, the very grain the JSON-RPC
/// <c>subtract</c> reaches, under the key the gateway uses for it, so the baselines pay the same grain call.
/// </summary>
internal static class GrainBaseline
{
    /// <summary>The key <c>RpcKeyKind.Stateless</c> gives an interface that names none.</summary>
    public const string Key = "default";

    public static ICalculatorGrain Calculator(IServiceProvider services) =>
        services.GetRequiredService<IGrainFactory>().GetGrain<ICalculatorGrain>(Key);
}
