namespace OrleansRpc.Gateway.WebSockets.Compression;

/// <summary>The permessage-deflate parameters agreed with one client in its handshake (RFC 7692 §7.1).</summary>
/// <param name="ClientContextTakeover">
/// Whether the client may refer back to its earlier messages: then the connection keeps one inflater,
/// and its window, for its whole life.
/// </param>
/// <param name="ServerMaxWindowBits">
/// The largest window the client will inflate the server's messages with. The server always compresses
/// each message on its own with a 32 KiB window, so a message is compressed only when it is no longer
/// than this window: no back-reference in it can then reach further.
/// </param>
internal readonly record struct DeflateAgreement(bool ClientContextTakeover, int ServerMaxWindowBits)
{
    /// <summary>DEFLATE's largest window, and what the runtime's deflater always uses.</summary>
    public const int MaxWindowBits = 15;

    /// <summary>The longest message the client can inflate when it is compressed on its own.</summary>
    public int LargestCompressible => 1 << ServerMaxWindowBits;
}
