using System.Text.Json;
using OrleansRpc.Storage;

namespace OrleansRpc.Silo.Storage;

internal sealed class PersistentState<TState>(IGrainStorage storage, string stateName, string grainId, JsonSerializerOptions options)
    : IPersistentState<TState>, IStateLoader
    where TState : new()
{
    public TState State { get; set; } = new();

    public string? Etag { get; private set; }

    public bool RecordExists { get; private set; }

    public async Task ReadStateAsync()
    {
        var stored = await storage.ReadAsync(stateName, grainId);
        if (stored is null)
        {
            State = new TState();
            Etag = null;
            RecordExists = false;
            return;
        }

        State = JsonSerializer.Deserialize<TState>(stored.Json.Span, options) ?? new TState();
        Etag = stored.Etag;
        RecordExists = true;
    }

    public async Task WriteStateAsync()
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(State, options);
        Etag = await storage.WriteAsync(stateName, grainId, json, Etag);
        RecordExists = true;
    }

    public async Task ClearStateAsync()
    {
        await storage.ClearAsync(stateName, grainId, Etag);
        State = new TState();
        Etag = null;
        RecordExists = false;
    }
}
