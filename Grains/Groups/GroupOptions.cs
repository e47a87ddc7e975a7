namespace OrleansRpc.Grains.Groups;

public sealed class GroupOptions
{
    /// <summary>
    /// Also publishes every group notification on an Orleans stream (<see cref="GroupStreams"/>), for
    /// application grains that want to listen. Off by default: sockets never depend on it, and a send then
    /// pays nothing for it.
    /// </summary>
    public bool PublishToStream { get; set; }

    /// <summary>The stream provider group notifications are published on.</summary>
    public string StreamProvider { get; set; } = GroupStreams.ProviderName;
}
