namespace OrleansRpc.Gateway.WebSockets;

/// <summary>
/// A frame the WebSocket itself sends (pong, ping, close), complete with its header, waiting in the
/// connection's queue behind the messages queued before it. Its writer learns when it has been flushed.
/// </summary>
internal sealed class ControlFrame(ReadOnlySpan<byte> frame)
{
    private const byte OpcodeMask = 0x0F;
    private const byte CloseOpcode = 0x8;

    private readonly TaskCompletionSource _written = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Copied: the WebSocket reuses its send buffer as soon as the write returns.
    public byte[] Bytes { get; } = frame.ToArray();

    public bool IsClose => Bytes.Length > 0 && (Bytes[0] & OpcodeMask) == CloseOpcode;

    public Task Written => _written.Task;

    public void SetWritten() => _written.TrySetResult();

    public void SetFailed(Exception exception) => _written.TrySetException(exception);
}
