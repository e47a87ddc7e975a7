namespace OrleansRpc.Runtime;

/// <summary>Why an activation is being deactivated, handed to <see cref="Grain.OnDeactivateAsync"/>.</summary>
public readonly record struct DeactivationReason(DeactivationReasonCode ReasonCode, string Description);
