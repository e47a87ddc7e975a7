using System.Text.Json;
using OrleansRpc.Connections;
using OrleansRpc.Grains.Sessions;
using OrleansRpc.Notifications;
using OrleansRpc.Runtime;

namespace OrleansRpc.Grains.Connections;

public sealed class ConnectionGrain(IConnectionDirectory directory, ILocalConnections connections, INotificationSerializer serializer)
    : Grain, IConnectionGrain
{
    private readonly Dictionary<string, JsonElement> _channelSession = new(StringComparer.Ordinal);
    private RpcConnectionInfo? _info;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _info = directory.TryGet(GetPrimaryKeyString(), out var info) ? info : null;
        return Task.CompletedTask;
    }

    public Task<RpcConnectionInfo?> GetInfo() => Task.FromResult(_info);

    public Task<bool> Notify(string method, object? parameters) =>
        Task.FromResult(connections.Send(GetPrimaryKeyString(), serializer.Serialize(method, parameters)));

    public Task SetSessionValue(string key, JsonElement value)
    {
        SessionValueLimits.Check(key, value, _channelSession.Count, !_channelSession.ContainsKey(key));
        if (value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            _channelSession.Remove(key);
        }
        else
        {
            // Cloned so the value does not keep the request's buffer alive.
            _channelSession[key] = value.Clone();
        }

        return Task.CompletedTask;
    }

    public Task<JsonElement?> GetSessionValue(string key) =>
        Task.FromResult(_channelSession.TryGetValue(key, out var value) ? value : (JsonElement?)null);
}
