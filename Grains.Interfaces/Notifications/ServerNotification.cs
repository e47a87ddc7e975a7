namespace OrleansRpc.Notifications;

/// <summary>
/// A server-to-client notification, serialized once in both wire shapes: JSON-RPC 2.0
/// (<c>{"jsonrpc":"2.0","method","params"}</c>) and 1.0 (<c>{"method","params","id":null}</c>). The same
/// bytes go to every recipient.
/// </summary>
public sealed class ServerNotification(string method, ReadOnlyMemory<byte> version2, ReadOnlyMemory<byte> version1)
{
    public string Method { get; } = method;

    public ReadOnlyMemory<byte> Version2 { get; } = version2;

    public ReadOnlyMemory<byte> Version1 { get; } = version1;
}
