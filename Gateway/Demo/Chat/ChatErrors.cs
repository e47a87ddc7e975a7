namespace OrleansRpc.Demo.Chat;

/// <summary>The chat's own error codes (outside the range JSON-RPC reserves).</summary>
public static class ChatErrors
{
    /// <summary>Another connection in the room has the nickname.</summary>
    public const int NickTaken = 1001;

    /// <summary><c>chat.send</c> or <c>chat.leave</c> from a connection that has not joined the room.</summary>
    public const int NotInRoom = 1002;
}
