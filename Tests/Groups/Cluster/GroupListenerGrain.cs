using Orleans;
using Orleans.Runtime;
using OrleansRpc.Tests.TestGrains;
using System.Text;
using Orleans.Streams;
using OrleansRpc.Grains.Groups;
using OrleansRpc.Notifications;

namespace OrleansRpc.Tests.Groups.Cluster;

/// <summary>Activated by the first notification on its group's stream (implicit subscription); signals each one it gets.</summary>
[ImplicitStreamSubscription(GroupStreams.Namespace)]
public sealed class GroupListenerGrain(Barriers barriers) : Grain, IGroupListenerGrain
{
    private readonly List<string> _received = [];

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var stream = this.GetStreamProvider(GroupStreams.ProviderName)
            .GetStream<ServerNotification>(StreamId.Create(GroupStreams.Namespace, this.GetPrimaryKeyString()));
        await stream.SubscribeAsync((notification, _) =>
        {
            var text = Encoding.UTF8.GetString(notification.Version2.Span);
            _received.Add(text);
            barriers.Signal($"listener:{this.GetPrimaryKeyString()}:{_received.Count}");
            return Task.CompletedTask;
        });
    }

    public Task<string[]> Received() => Task.FromResult(_received.ToArray());
}
