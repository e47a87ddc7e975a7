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
}
