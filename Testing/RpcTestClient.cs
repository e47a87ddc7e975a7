using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using OrleansRpc.Client;

namespace OrleansRpc.Testing;

/// <summary>
/// A client for tests: calls and notifications as <see cref="JsonRpcClient"/> makes them, and every server
/// notification kept until a test asks for it, so none is missed between a call and the wait for it.
/// </summary>
public sealed class RpcTestClient : IAsyncDisposable
{
    /// <summary>How long <see cref="NextNotificationAsync(string, TimeSpan?)"/> waits by default: a failing test fails, it does not hang.</summary>
    public static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<string, Channel<JsonElement>> _received = new(StringComparer.Ordinal);

    internal RpcTestClient(JsonRpcClient client)
    {
        Client = client;
        client.NotificationReceived += (method, parameters) => Received(method).Writer.TryWrite(parameters);
    }

    /// <summary>The client itself, for batches, handlers, transports and reconnects.</summary>
    public JsonRpcClient Client { get; }

    public Task<T> CallAsync<T>(string method, object? parameters = null, CancellationToken cancellationToken = default) =>
        Client.CallAsync<T>(method, parameters, cancellationToken);

    public Task CallAsync(string method, object? parameters = null, CancellationToken cancellationToken = default) =>
        Client.CallAsync(method, parameters, cancellationToken);

    public Task NotifyAsync(string method, object? parameters = null, CancellationToken cancellationToken = default) =>
        Client.NotifyAsync(method, parameters, cancellationToken);

    /// <summary>Calls through a grain interface the server implements.</summary>
    public TGrainInterface GetProxy<TGrainInterface>() where TGrainInterface : class => Client.GetProxy<TGrainInterface>();

    /// <summary>
    /// The params of the oldest server notification named <paramref name="method"/> not yet taken, waiting
    /// for one if none has come; <see cref="TimeoutException"/> when none comes within the wait.
    /// </summary>
    public async Task<JsonElement> NextNotificationAsync(string method, TimeSpan? wait = null)
    {
        try
        {
            return await Received(method).Reader.ReadAsync().AsTask().WaitAsync(wait ?? DefaultWait);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"No notification '{method}' came within {(wait ?? DefaultWait).TotalSeconds} s.");
        }
    }

    /// <inheritdoc cref="NextNotificationAsync(string, TimeSpan?)"/>
    public async Task<T> NextNotificationAsync<T>(string method, TimeSpan? wait = null) =>
        (await NextNotificationAsync(method, wait)).Deserialize<T>(Client.SerializerOptions)!;

    /// <summary>Server notifications named <paramref name="method"/> that came and were not taken yet.</summary>
    public int Pending(string method) => _received.TryGetValue(method, out var channel) ? channel.Reader.Count : 0;

    private Channel<JsonElement> Received(string method) =>
        _received.GetOrAdd(method, _ => Channel.CreateUnbounded<JsonElement>(new UnboundedChannelOptions { SingleReader = false, SingleWriter = true }));

    public ValueTask DisposeAsync() => Client.DisposeAsync();
}
