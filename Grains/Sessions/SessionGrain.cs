using System.Text.Json;
using Microsoft.Extensions.Options;
using OrleansRpc.Runtime;
using OrleansRpc.Sessions;
using OrleansRpc.Storage;

namespace OrleansRpc.Grains.Sessions;

public sealed class SessionGrain(
    [PersistentState("session")] IPersistentState<SessionState> state,
    IOptions<SessionGrainOptions> options,
    TimeProvider clock) : Grain, ISessionGrain
{
    public async Task SetValue(string key, JsonElement value)
    {
        await ExpireIfIdleAsync();
        SessionValueLimits.Check(key, value, state.State.Values.Count, !state.State.Values.ContainsKey(key));
        if (value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            state.State.Values.Remove(key);
        }
        else
        {
            state.State.Values[key] = value.Clone();
        }

        state.State.LastAccess = clock.GetUtcNow();
        await state.WriteStateAsync();
    }

    public async Task<JsonElement?> GetValue(string key)
    {
        await ExpireIfIdleAsync();
        var found = state.State.Values.TryGetValue(key, out var value);
        var now = clock.GetUtcNow();
        if (state.RecordExists && now - state.State.LastAccess >= options.Value.AccessWriteInterval)
        {
            state.State.LastAccess = now;
            await state.WriteStateAsync();
        }

        return found ? value : null;
    }

    private async Task ExpireIfIdleAsync()
    {
        if (state.RecordExists && clock.GetUtcNow() - state.State.LastAccess > options.Value.IdleTimeout)
        {
            await state.ClearStateAsync();
        }
    }
}
