namespace OrleansRpc.Gateway.Methods;

/// <summary>The <c>data</c> of a -32602 error: which parameter, and what is wrong with it.</summary>
internal sealed record InvalidParamsData(string? Parameter, string Reason);
