namespace OrleansRpc.Grains.Groups;

/// <summary>
/// Where group notifications are published for application grains when
/// <see cref="GroupOptions.PublishToStream"/> is on: the stream provider <see cref="ProviderName"/>
/// (unless <see cref="GroupOptions.StreamProvider"/> names another), namespace <see cref="Namespace"/>,
/// key = the group's name. Items are <c>ServerNotification</c>s.
/// </summary>
public static class GroupStreams
{
    public const string ProviderName = "orpc-groups";

    public const string Namespace = "orpc.group";
}
