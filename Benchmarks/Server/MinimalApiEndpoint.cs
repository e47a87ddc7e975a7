using OrleansRpc.Demo;

namespace OrleansRpc.Benchmarks.Server;

/// <summary>
/// HTTP's ceiling: the same subtract request and the same JSON answer, as a minimal API that binds the
/// body and returns a record — what a user would write instead of a JSON-RPC framework.
/// </summary>
internal static class MinimalApiEndpoint
{
    public static SubtractResponse Handle(SubtractRequest request)
    {
        var values = request.Params;
        var result = values is { Length: 2 } ? values[0] - values[1] : 0;
        return new SubtractResponse("2.0", result, request.Id);
    }

    /// <summary>The same, computed by the demo's calculator grain: an Orleans app's minimal API.</summary>
    public static async Task<SubtractResponse> HandleWithGrainCallAsync(SubtractRequest request, IGrainFactory grains)
    {
        var values = request.Params;
        var result = values is { Length: 2 }
            ? await grains.GetGrain<ICalculatorGrain>(GrainBaseline.Key).Subtract(values[0], values[1])
            : 0;
        return new SubtractResponse("2.0", result, request.Id);
    }
}
