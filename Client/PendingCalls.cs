using System.Collections.Concurrent;
using System.Text.Json;

namespace OrleansRpc.Client;

/// <summary>The calls of a client waiting for answers, by id.</summary>
internal sealed class PendingCalls
{
    private readonly ConcurrentDictionary<long, PendingCall> _calls = new();
    private long _lastId;

    public PendingCall Add(string method)
    {
        var call = new PendingCall(Interlocked.Increment(ref _lastId), method);
        _calls[call.Id] = call;
        return call;
    }

    public void Remove(PendingCall call) => _calls.TryRemove(call.Id, out _);

    /// <summary>Completes the call an answer is for; false when none waits for it (it timed out, or was abandoned).</summary>
    public bool Settle(JsonElement answer)
    {
        if (!answer.TryGetProperty("id", out var id) || !id.TryGetInt64(out var value) || !_calls.TryRemove(value, out var call))
        {
            return false;
        }

        if (answer.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
        {
            call.TrySetException(new JsonRpcRemoteException(
                error.TryGetProperty("code", out var code) && code.TryGetInt32(out var number) ? number : 0,
                error.TryGetProperty("message", out var message) ? message.GetString() ?? "" : "",
                error.TryGetProperty("data", out var data) ? data.Clone() : null));
        }
        else
        {
            call.TrySetResult(answer.TryGetProperty("result", out var result) ? result.Clone() : default);
        }

        return true;
    }

    /// <summary>Fails every call that went over a socket that closed (or all of them, when the client goes).</summary>
    public void Fail(Exception error, bool onlyOverSocket)
    {
        foreach (var (id, call) in _calls)
        {
            if ((!onlyOverSocket || call.OverSocket) && _calls.TryRemove(id, out _))
            {
                call.TrySetException(error);
            }
        }
    }
}
