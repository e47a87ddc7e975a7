using Orleans;

namespace OrleansRpc.Demo.Chat;

/// <summary>What <c>chat.message</c> carries, and <c>chat.send</c> answers.</summary>
[GenerateSerializer, Immutable]
public sealed record ChatMessage(
    [property: Id(0)] string Room,
    [property: Id(1)] string Nick,
    [property: Id(2)] string Text,
    [property: Id(3)] DateTimeOffset At);
