using Orleans;
namespace OrleansRpc.Tests.Groups.Cluster;

/// <summary>An application grain that listens to a group's stream (key = group name).</summary>
public interface IGroupListenerGrain : IGrainWithStringKey
{
    Task<string[]> Received();
}
