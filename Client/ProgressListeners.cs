using System.Collections.Concurrent;
using System.Text.Json;

namespace OrleansRpc.Client;

/// <summary>
/// The <c>IProgress&lt;T&gt;</c> arguments of a client's calls in progress, by the token sent in their place:
/// each <c>$/progress</c> with that token is read as the argument's <c>T</c> and reported to it, on the
/// socket's reading turn, so reports come in the server's order and all before the call's answer.
/// </summary>
internal sealed class ProgressListeners
{
    private readonly ConcurrentDictionary<long, Action<JsonElement>> _listeners = new();
    private long _lastToken;

    /// <summary>Listens for the reports of one call until the registration is disposed; its token goes in the params.</summary>
    public Registration Listen(Action<JsonElement> report)
    {
        var token = Interlocked.Increment(ref _lastToken);
        _listeners[token] = report;
        return new Registration(this, token);
    }

    /// <summary>Reports a <c>$/progress</c>'s value to its call's argument; one for no call in progress is dropped.</summary>
    public void Report(JsonElement parameters)
    {
        if (parameters.ValueKind == JsonValueKind.Object
            && parameters.TryGetProperty("token", out var token) && token.TryGetInt64(out var number)
            && _listeners.TryGetValue(number, out var report)
            && parameters.TryGetProperty("value", out var value))
        {
            // The argument's exception is its own: the socket goes on reading for the other calls.
            try
            {
                report(value);
            }
            catch (Exception)
            {
            }
        }
    }

    public sealed class Registration(ProgressListeners owner, long token) : IDisposable
    {
        public long Token { get; } = token;

        public void Dispose() => owner._listeners.TryRemove(Token, out _);
    }
}
