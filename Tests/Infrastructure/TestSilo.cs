using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrleansRpc.Runtime;
using OrleansRpc.Silo.Catalog;
using OrleansRpc.Silo.Hosting;
using OrleansRpc.Tests.TestGrains;
using OrleansRpc.Tests.TestGrains.Runtime;

namespace OrleansRpc.Tests.Infrastructure;

/// <summary>A silo alone, without a gateway, for runtime tests. Idle collection runs only when a test asks.</summary>
public sealed class TestSilo : IAsyncDisposable
{
    private readonly IHost _host;

    private TestSilo(IHost host) => _host = host;

    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    public GrainCatalog Catalog => _host.Services.GetRequiredService<GrainCatalog>();

    public Barriers Barriers => _host.Services.GetRequiredService<Barriers>();

    public ActivationSwitch ActivationSwitch => _host.Services.GetRequiredService<ActivationSwitch>();

    public static async Task<TestSilo> StartAsync()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSingleton<Barriers>();
        builder.Services.AddSingleton<ActivationSwitch>();
        builder.Services.AddSilo(silo => silo
            .AddGrain<TurnGrain>()
            .AddGrain<ReentrantGrain>()
            .AddGrain<OverlapGrain>()
            .AddGrain<InterleaveGrain>()
            .AddGrain<ChainGrain>()
            .AddGrain<StatefulGrain>()
            .AddGrain<FlakyActivationGrain>()
            .AddGrain<ShortLivedGrain>()
            .Configure(o => o.CollectionQuantum = TimeSpan.FromHours(1)));
        var host = builder.Build();
        await host.StartAsync();
        return new TestSilo(host);
    }

    public Task StopAsync() => _host.StopAsync();

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
