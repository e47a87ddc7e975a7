using OrleansRpc.Notifications;

namespace OrleansRpc.Groups;

public static class GroupGrainExtensions
{
    /// <summary>
    /// Sends the notification to every member of the group, the caller too if it is one (before its
    /// answer). The params are written once, with the node's JSON options, for every member; anonymous
    /// types work.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="parameters"/> is not an array or object.</exception>
    public static Task<long> Notify(this IGroupGrain group, string method, object? parameters) =>
        group.Publish(ServerNotification.Create(method, parameters));
}
