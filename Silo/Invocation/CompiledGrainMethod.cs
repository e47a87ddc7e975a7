namespace OrleansRpc.Silo.Invocation;

/// <summary>
/// A grain interface method compiled to a delegate taking the grain and its arguments: either
/// <c>Func&lt;Grain, object?[], Task&lt;TResult&gt;&gt;</c> (<see cref="ResultType"/> is TResult) or
/// <c>Func&lt;Grain, object?[], Task&gt;</c> (<see cref="ResultType"/> is null).
/// </summary>
public sealed record CompiledGrainMethod(Delegate Invoke, Type? ResultType);
