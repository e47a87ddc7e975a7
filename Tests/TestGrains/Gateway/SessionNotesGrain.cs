using Orleans;

namespace OrleansRpc.Tests.TestGrains.Gateway;

public sealed class SessionNotesGrain : Grain, ISessionNotesGrain
{
    private readonly Dictionary<string, string> _notes = [];

    public Task<bool> Set(string key, string value)
    {
        _notes[key] = value;
        return Task.FromResult(true);
    }

    public Task<string?> Get(string key) => Task.FromResult(_notes.GetValueOrDefault(key));
}
