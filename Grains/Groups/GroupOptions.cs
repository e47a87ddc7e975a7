namespace OrleansRpc.Grains.Groups;

public sealed class GroupOptions
{
    /// <summary>
    /// Also publishes every group notification on an Orleans stream (<see cref="GroupStreams"/>), for
    /// application grains that want to listen. Off by default: sockets never depend on it, and a send then
    /// pays nothing for it.
    /// </summary>
    public bool PublishToStream { get; set; }

    /// <summary>
    /// Groups one connection may be in at once; a join past it fails with -32602. Each membership costs
    /// the node a few kilobytes, and a client could otherwise join groups for as long as it likes.
    /// </summary>
    public int MaxGroupsPerConnection { get; set; } = 64;

    /// <summary>The stream provider group notifications are published on.</summary>
    public string StreamProvider { get; set; } = GroupStreams.ProviderName;
}
