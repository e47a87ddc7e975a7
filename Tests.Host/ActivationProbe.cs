using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Orleans;
using Orleans.Metadata;
using Orleans.Runtime;

namespace OrleansRpc.Tests.Infrastructure;

/// <summary>
/// Watches every activation of the silo it is registered in, through Orleans's own hook for configuring
/// activations, so that a test can ask whether a grain is active and wait for it to go, without polling.
/// The in-process tests register it in their gateway's silo; Tests.Host registers it so the cluster tests
/// can ask the same of a Gateway process (test.is_active, test.when_gone).
/// </summary>
public sealed class ActivationProbe(IGrainFactory grains) : IConfigureGrainContextProvider, IConfigureGrainContext
{
    private readonly ConcurrentDictionary<GrainId, TaskCompletionSource> _active = new();
    private readonly ConcurrentDictionary<GrainId, bool> _ever = new();

    public bool TryGetConfigurator(GrainType grainType, GrainProperties properties, [NotNullWhen(true)] out IConfigureGrainContext? configurator)
    {
        // A stateless worker's context holds its workers and has no lifecycle of its own.
        var stateless = properties.Properties.TryGetValue(WellKnownGrainTypeProperties.PlacementStrategy, out var placement)
            && placement == "StatelessWorkerPlacement";
        configurator = stateless ? null : this;
        return configurator is not null;
    }

    public void Configure(IGrainContext context)
    {
        var gone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _active[context.GrainId] = gone;
        _ever[context.GrainId] = true;
        context.ObservableLifecycle.Subscribe(
            nameof(ActivationProbe),
            GrainLifecycleStage.First,
            static _ => Task.CompletedTask,
            _ =>
            {
                _active.TryRemove(new KeyValuePair<GrainId, TaskCompletionSource>(context.GrainId, gone));
                gone.TrySetResult();
                return Task.CompletedTask;
            });
    }

    public bool IsActive<TGrainInterface>(string key) where TGrainInterface : IGrainWithStringKey =>
        IsActive(IdOf<TGrainInterface>(key));

    public bool IsActive(GrainId grain) => _active.ContainsKey(grain);

    /// <summary>Whether the grain has been activated at all since the silo started, if only for one call.</summary>
    public bool WasEverActive<TGrainInterface>(string key) where TGrainInterface : IGrainWithStringKey =>
        _ever.ContainsKey(IdOf<TGrainInterface>(key));

    /// <summary>Completes when the activation that exists now is gone; at once when there is none.</summary>
    public Task WhenDeactivated<TGrainInterface>(string key) where TGrainInterface : IGrainWithStringKey =>
        WhenDeactivated(IdOf<TGrainInterface>(key));

    /// <inheritdoc cref="WhenDeactivated{TGrainInterface}(string)"/>
    public Task WhenDeactivated(GrainId grain) =>
        _active.TryGetValue(grain, out var gone) ? gone.Task : Task.CompletedTask;

    private GrainId IdOf<TGrainInterface>(string key) where TGrainInterface : IGrainWithStringKey =>
        grains.GetGrain<TGrainInterface>(key).GetGrainId();
}
