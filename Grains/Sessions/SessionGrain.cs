using System.Text.Json;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;
using OrleansRpc.Grains.Storage;
using OrleansRpc.Sessions;

namespace OrleansRpc.Grains.Sessions;

/// <summary>A browser session's values, persisted in the grain storage named <see cref="StorageName"/>.</summary>
public sealed class SessionGrain(
    [PersistentState("session", SessionGrain.StorageName)] IPersistentState<SessionState> state,
    IOptions<SessionGrainOptions> options,
    StorageFailures storageFailures,
    TimeProvider clock) : Grain, ISessionGrain
{
    /// <summary>The grain storage sessions are kept in: in memory when embedded, Redis in a cluster.</summary>
    public const string StorageName = "orpc-sessions";

    public async Task SetValue(string key, JsonElement value)
    {
        await ExpireIfIdleAsync();
        await StoreAsync(
            () =>
            {
                SessionValueLimits.Check(key, value, state.State.Values);
                if (value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
                {
                    state.State.Values.Remove(key);
                }
                else
                {
                    state.State.Values[key] = value.Clone();
                }

                state.State.LastAccess = clock.GetUtcNow();
            },
            state.WriteStateAsync);
    }

    public async Task<JsonElement?> GetValue(string key)
    {
        await ExpireIfIdleAsync();
        var now = clock.GetUtcNow();
        if (state.RecordExists && now - state.State.LastAccess >= options.Value.AccessWriteInterval)
        {
            await StoreAsync(() => state.State.LastAccess = now, state.WriteStateAsync);
        }

        // Looked up after the store, which may have read the record again.
        return state.State.Values.TryGetValue(key, out var value) ? value : null;
    }

    public async Task MoveTo(string sessionId)
    {
        await ExpireIfIdleAsync();
        if (!state.RecordExists || state.State.Values.Count == 0)
        {
            return;
        }

        await GrainFactory.GetGrain<ISessionGrain>(sessionId).Adopt(state.State.Values);
        await StoreAsync(change: null, state.ClearStateAsync);
    }

    public async Task Adopt(Dictionary<string, JsonElement> values)
    {
        await StoreAsync(
            () =>
            {
                state.State.Values = new Dictionary<string, JsonElement>(values, StringComparer.Ordinal);
                state.State.LastAccess = clock.GetUtcNow();
            },
            state.WriteStateAsync);
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // Collected after IdleTimeout of silence (SiloConfiguration sets the collection age to it).
        if (options.Value.ForgetWhenCollected && reason.ReasonCode == DeactivationReasonCode.ActivationIdle && state.RecordExists)
        {
            await state.ClearStateAsync(cancellationToken);
        }
    }

    private async Task ExpireIfIdleAsync()
    {
        if (state.RecordExists && clock.GetUtcNow() - state.State.LastAccess > options.Value.IdleTimeout)
        {
            await StoreAsync(change: null, state.ClearStateAsync);
        }
    }

    /// <summary>
    /// Makes <paramref name="change"/> to the state and stores it. A write refused because the record changed
    /// since this activation read it (<see cref="InconsistentStateException"/>: another activation of the
    /// session wrote it, as two can for a moment while a stopping node hands its grains on) reads the record
    /// again and makes the change on what it finds, once. A write that fails otherwise, or twice, leaves this
    /// activation holding what storage does not: it goes, so that the next call reads storage again rather
    /// than a value nobody stored (the caller got -32005, or -32000 for a second conflict).
    /// </summary>
    private async Task StoreAsync(Action? change, Func<Task> write)
    {
        try
        {
            change?.Invoke();
            try
            {
                await write();
            }
            catch (InconsistentStateException)
            {
                await state.ReadStateAsync();
                change?.Invoke();
                await write();
            }
        }
        catch (Exception ex) when (ex is InconsistentStateException || storageFailures.Includes(ex))
        {
            DeactivateOnIdle();
            throw;
        }
    }
}
