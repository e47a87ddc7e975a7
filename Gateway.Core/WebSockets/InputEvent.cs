namespace OrleansRpc.Gateway.WebSockets;

/// <summary>What <see cref="WebSocketInput.Read"/> found in the bytes it was given.</summary>
internal enum InputEvent
{
    /// <summary>Everything given was used and nothing is whole yet: read more.</summary>
    NeedMore,

    /// <summary>A whole text message: <see cref="WebSocketInput.TakeMessage"/>.</summary>
    Text,

    /// <summary>A whole binary message, already let go of.</summary>
    Binary,

    /// <summary>The client's close frame, with a status a peer may send (or none).</summary>
    Close,

    /// <summary>A message past the limit; what is left of it is skipped, and every message after it.</summary>
    TooBig,

    /// <summary>The client broke the protocol: <see cref="WebSocketInput.FailureStatus"/> and <see cref="WebSocketInput.Failure"/>.</summary>
    ProtocolError,
}
