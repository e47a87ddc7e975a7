using Orleans;
using Orleans.Concurrency;

namespace OrleansRpc.Notifications;

/// <summary>A notification's two wire shapes, kept together so that they are set at once.</summary>
[GenerateSerializer, Immutable, Alias("orpc.NotificationBytes")]
internal sealed record NotificationBytes([property: Id(0)] ReadOnlyMemory<byte> Version2, [property: Id(1)] ReadOnlyMemory<byte> Version1);
