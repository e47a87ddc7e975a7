using Microsoft.Extensions.DependencyInjection;
using Orleans;
using OrleansRpc.Tests.Infrastructure;

namespace OrleansRpc.Tests.Groups;

/// <summary>The embedded backend: one gateway in the test's process, its silo in memory.</summary>
public sealed class InProcessFanOutBackend : IFanOutBackend, IAsyncLifetime
{
    private readonly string[] _settings;
    private InProcessFanOutNode? _node;

    public InProcessFanOutBackend()
        : this([])
    {
    }

    private InProcessFanOutBackend(string[] settings) => _settings = settings;

    public IReadOnlyList<IFanOutNode> Nodes => [_node!];

    public async Task InitializeAsync() => _node = new InProcessFanOutNode(await GatewayServer.StartAsync(arguments: _settings));

    public Task<string> NewGroupAsync(IFanOutNode? home = null) => Task.FromResult("g-" + Guid.NewGuid().ToString("N"));

    public Task CollectIdleActivationsAsync() =>
        _node!.Server.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

    public async Task<IFanOutBackend> StartAnotherAsync(params string[] settings)
    {
        var another = new InProcessFanOutBackend(settings);
        await another.InitializeAsync();
        return another;
    }

    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        if (_node is not null)
        {
            await _node.Server.DisposeAsync();
        }
    }
}
