using OrleansRpc.Gateway.Buffers;
using OrleansRpc.Gateway.Connections;
using OrleansRpc.Gateway.Hosting;
using OrleansRpc.Gateway.Methods;
using OrleansRpc.Gateway.Protocol;
using OrleansRpc.Rpc;

namespace OrleansRpc.Gateway.Dispatch;

/// <summary>
/// Whether a valid request may become a call, and starting it once it may: its method is there and offered
/// on this transport, the node is not stopping, the caller's address is within its call rate, the grain's
/// key is known, and the user may call the method. All of it is decided before any grain is reached, so a
/// refused call costs no grain call (ARCHITECTURE.md, "A request's path" and "Bounds").
/// </summary>
internal sealed class CallAdmission(MethodAuthorizer authorizer, AddressRate callRate, CancellationToken stopping)
{
    /// <summary>The error a request is refused with before it is bound, or null when it may go on.</summary>
    public JsonRpcError? Refuse(RpcConnection connection, RequestMessage message, in Envelope envelope, bool isNotification)
    {
        var method = envelope.Method;
        if (method is null)
        {
            return EnvelopeRules.MethodNotFound(message.Slice(envelope.MethodStart, envelope.MethodLength), envelope.MethodIsReserved);
        }

        if (!method.IsAllowedOn(connection.Transport))
        {
            return new JsonRpcError(JsonRpcErrorCodes.MethodNotFound, "Method not found", $"'{method.Name}' is not available over {(connection.Transport == RpcTransport.Http ? "HTTP" : "WebSocket")}.");
        }

        if (method.IsNotificationOnly && !isNotification)
        {
            return new JsonRpcError(JsonRpcErrorCodes.MethodNotFound, "Method not found", $"'{method.Name}' is a notification: send it without an id.");
        }

        if (stopping.IsCancellationRequested)
        {
            return new JsonRpcError(JsonRpcErrorCodes.ServerBusy, "Server busy", "The server is shutting down.");
        }

        if (callRate.IsLimited && !callRate.TryAcquire(connection.Context.RemoteAddress))
        {
            return new JsonRpcError(JsonRpcErrorCodes.ServerBusy, "Server busy", $"This address makes more than {callRate.PerSecond} calls a second (JsonRpcOptions.MaxCallsPerSecondPerAddress); try again in a second.");
        }

        return null;
    }

    /// <summary>The key of the grain a bound call goes to, or the error that says why there is none.</summary>
    public static bool TryResolveKey(RpcMethod method, RpcConnection connection, RpcCall call, out string? key, out JsonRpcError error)
    {
        error = default;
        key = method.KeyKind switch
        {
            RpcKeyKind.Connection => connection.Id,
            RpcKeyKind.Session => connection.SessionId,
            RpcKeyKind.Singleton or RpcKeyKind.Stateless => method.FixedKey,
            _ => method.ReadKey!(call),
        };
        if (key is not null)
        {
            return true;
        }

        // A connection has no session only when its address started more than it may in a second.
        error = method.KeyKind == RpcKeyKind.Parameter
            ? ParamsBinder.InvalidParams(method.Parameters[method.KeyParameterPosition].Name, "must not be null")
            : new JsonRpcError(JsonRpcErrorCodes.ServerBusy, "Server busy", "This connection has no session: its address started more new sessions this second than it may (JsonRpcOptions.MaxNewSessionsPerSecondPerAddress); try again with the session cookie, or in a second.");
        return false;
    }

    /// <summary>
    /// Starts a bound call on the grain with <paramref name="key"/>, once its method's authorization allows
    /// the user; a refusal is the call's answer (-32001, "Unauthorized").
    /// </summary>
    public void Start(RpcCall call, RpcMethod method, string key, RpcConnection connection)
    {
        if (method.Authorization is null)
        {
            call.Start(key);
            return;
        }

        var allowed = authorizer.IsAllowedAsync(method, connection.Context.User);
        if (allowed.IsCompletedSuccessfully)
        {
            StartIfAllowed(call, key, allowed.Result, connection);
        }
        else
        {
            _ = StartWhenAuthorizedAsync(call, key, allowed, connection);
        }
    }

    private static void StartIfAllowed(RpcCall call, string key, bool allowed, RpcConnection connection)
    {
        if (allowed)
        {
            call.Start(key);
            return;
        }

        var authenticated = connection.Context.User.Identity?.IsAuthenticated == true;
        call.Fail(new JsonRpcException(JsonRpcErrorCodes.Unauthorized, "Unauthorized", authenticated ? "This user may not call this method." : "Authentication is required."));
        call.Discard();
    }

    private static async Task StartWhenAuthorizedAsync(RpcCall call, string key, ValueTask<bool> allowed, RpcConnection connection)
    {
        bool result;
        try
        {
            result = await allowed;
        }
        catch (Exception ex)
        {
            call.Fail(ex);
            call.Discard();
            return;
        }

        StartIfAllowed(call, key, result, connection);
    }
}
