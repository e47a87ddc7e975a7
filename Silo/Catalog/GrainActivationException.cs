namespace OrleansRpc.Silo.Catalog;

/// <summary>The grain's constructor, state read or <c>OnActivateAsync</c> failed; the call never ran.</summary>
public sealed class GrainActivationException(string message, Exception inner) : Exception(message, inner);
