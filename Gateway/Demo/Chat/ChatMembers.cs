using Orleans;

namespace OrleansRpc.Demo.Chat;

/// <summary>What <c>chat.members</c> carries whenever someone joins or leaves a room.</summary>
[GenerateSerializer, Immutable]
public sealed record ChatMembers([property: Id(0)] string Room, [property: Id(1)] string[] Members);
