using Orleans.Serialization.Codecs;
using OrleansRpc.Serialization;

namespace OrleansRpc.Notifications;

/// <summary>
/// Writes a notification's params as Orleans serializes it to leave the process, with the JSON options
/// of the node it leaves (Orleans makes the hook from that node's services): what crosses is bytes.
/// </summary>
public sealed class ServerNotificationHooks(RpcSerializer serializer) : ISerializationCallbacks<ServerNotification>
{
    public void OnSerializing(ServerNotification value) => value.Serialize(serializer.Options);

    public void OnSerialized(ServerNotification value)
    {
    }

    public void OnDeserializing(ServerNotification value)
    {
    }

    public void OnDeserialized(ServerNotification value)
    {
    }

    public void OnCopying(ServerNotification original, ServerNotification result)
    {
    }

    public void OnCopied(ServerNotification original, ServerNotification result)
    {
    }
}
