using OrleansRpc.Connections;
using OrleansRpc.Grains.Groups;
using OrleansRpc.Notifications;

namespace OrleansRpc.Grains.Connections;

/// <summary>
/// The one way from the grains to the sockets this node holds, the counterpart of SignalR's
/// <c>HubLifetimeManager</c>: the gateway implements it for its node (a silo without a gateway holds no
/// sockets, <see cref="NoNodeConnections"/>). It covers a connection's open and close, a send to one
/// connection, and this node's members of each group (join, leave, count, publish). The gateway's
/// implementation adds what only a gateway holds, attaching a socket and answering a message, so every
/// byte bound for a socket, answer or notification, passes through it (ARCHITECTURE.md, "The delivery seam").
/// </summary>
/// <remarks>
/// Called inside grain turns (the connection grain, the node's group delivery grain) and from socket
/// threads alike. Nothing here waits: every method takes at most a short lock that is never held across a
/// call out, so a grain turn never waits on a socket and a socket never waits on a grain.
/// </remarks>
internal interface INodeConnections
{
    /// <summary>Records a connection open on this node, with the facts its grain reads.</summary>
    void Open(RpcConnectionInfo info);

    /// <summary>The connection is no longer open here: nothing reaches it any more.</summary>
    void Close(string connectionId);

    /// <summary>The facts of a connection open on this node; false once it has closed (or was never here).</summary>
    bool TryGetInfo(string connectionId, out RpcConnectionInfo info);

    /// <summary>Queues the notification on the connection; false when it is not open on this node. Never waits for the socket.</summary>
    bool Send(string connectionId, ServerNotification notification);

    /// <summary>Routes the group's notifications to the connection; returns the group's members on this node now.</summary>
    NodeMembers Join(string group, string connectionId);

    /// <summary>Stops routing the group's notifications to the connection; returns the group's members on this node now.</summary>
    NodeMembers Leave(string group, string connectionId);

    /// <summary>The group's members on this node now.</summary>
    NodeMembers Count(string group);

    /// <summary>
    /// Queues the notifications, in order, on this node's members of the group. False when the group has no
    /// members here (any more); <paramref name="delivered"/> counts the deliveries made.
    /// </summary>
    bool Publish(string group, ServerNotification[] notifications, out long delivered);
}
