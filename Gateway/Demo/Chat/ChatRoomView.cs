using Orleans;

namespace OrleansRpc.Demo.Chat;

/// <summary>The answer of <c>chat.join</c>: who is in the room and what was said lately.</summary>
[GenerateSerializer, Immutable]
public sealed record ChatRoomView(
    [property: Id(0)] string Room,
    [property: Id(1)] string[] Members,
    [property: Id(2)] ChatMessage[] Recent);
