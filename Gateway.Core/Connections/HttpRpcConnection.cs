using System.Threading.Tasks.Sources;
using Microsoft.AspNetCore.Http;
using OrleansRpc.Gateway.Buffers;
using OrleansRpc.Gateway.Sessions;
using OrleansRpc.Rpc;

namespace OrleansRpc.Gateway.Connections;

/// <summary>
/// One HTTP request: a connection that lives for a single message and its single answer. The answer is
/// awaited through the connection itself, so a call answered at once costs no task.
/// </summary>
internal sealed class HttpRpcConnection : RpcConnection, IValueTaskSource<PooledBufferWriter?>
{
    // Asynchronous continuations: the answer may be set inside a grain's turn, and writing the HTTP
    // response must not run there.
    private ManualResetValueTaskSourceCore<PooledBufferWriter?> _answer = new() { RunContinuationsAsynchronously = true };

    private readonly HttpContext _http;
    private readonly SessionCookies _sessions;
    private bool _sessionAsked;

    public HttpRpcConnection(RpcContext context, HttpContext http, SessionCookies sessions)
        : base(context, http.RequestAborted)
    {
        _http = http;
        _sessions = sessions;
    }

    /// <summary>
    /// Issues the session cookie in this request's response (which starts only once every answer is in),
    /// at most once, and within the address's rate of new sessions; past that rate the call finds no session.
    /// </summary>
    internal override void StartSession()
    {
        if (_sessionAsked || Context.SessionId is not null)
        {
            return;
        }

        _sessionAsked = true;
        if (_sessions.TryIssue(_http) is { } issued)
        {
            var context = Context;
            Context = new RpcContext(context.ConnectionId, context.Transport, context.User, context.RemoteAddress, issued, context.GrainFactory);
        }
    }

    public ValueTask<PooledBufferWriter?> Answer => new(this, _answer.Version);

    private int _settled;

    internal override void OnMessageAnswered(PooledBufferWriter? answer)
    {
        if (Interlocked.Exchange(ref _settled, 1) == 0)
        {
            _answer.SetResult(answer);
        }
    }

    /// <summary>The request fails (ASP.NET Core logs it and answers 500), unless its answer was already given.</summary>
    public override void Fault(Exception exception)
    {
        if (Interlocked.Exchange(ref _settled, 1) == 0)
        {
            _answer.SetException(exception);
        }
    }

    PooledBufferWriter? IValueTaskSource<PooledBufferWriter?>.GetResult(short token) => _answer.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<PooledBufferWriter?>.GetStatus(short token) => _answer.GetStatus(token);

    void IValueTaskSource<PooledBufferWriter?>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _answer.OnCompleted(continuation, state, token, flags);
}
