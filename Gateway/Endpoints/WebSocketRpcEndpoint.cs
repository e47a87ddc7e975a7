using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansRpc.Gateway.Connections;
using OrleansRpc.Gateway.Dispatch;
using OrleansRpc.Gateway.Hosting;
using OrleansRpc.Gateway.Sessions;
using OrleansRpc.Connections;
using OrleansRpc.Rpc;
using OrleansRpc.Runtime;

namespace OrleansRpc.Gateway.Endpoints;

/// <summary><c>/ws</c>: upgrades to a WebSocket after checking the origin, and serves it until it ends.</summary>
internal sealed class WebSocketRpcEndpoint(
    JsonRpcDispatcher dispatcher,
    JsonRpcOptions options,
    ConnectionIds ids,
    SessionCookies sessions,
    ConnectionDirectory directory,
    IGrainFactory grainFactory,
    IHostApplicationLifetime lifetime,
    ILogger<WebSocketRpcEndpoint> logger)
{
    public async Task HandleAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("This endpoint speaks JSON-RPC over WebSocket; POST to the HTTP endpoint instead.");
            return;
        }

        if (!IsAllowedOrigin(context.Request))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }

        // Issued on the upgrade response, so a browser's first WebSocket already has its session.
        var sessionId = sessions.GetOrIssue(context);
        using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
        {
            KeepAliveInterval = options.KeepAliveInterval,
            KeepAliveTimeout = options.KeepAliveTimeout,
        });
        var id = ids.Next();
        var user = context.User ?? new ClaimsPrincipal();
        var rpcContext = new RpcContext(id, RpcTransport.WebSocket, user, context.Connection.RemoteIpAddress, sessionId, grainFactory);
        directory.Open(new RpcConnectionInfo(id, RpcTransport.WebSocket, user, rpcContext.RemoteAddress, DateTimeOffset.UtcNow, sessionId));
        using var aborted = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        var connection = new WebSocketRpcConnection(id, sessionId, rpcContext, socket, dispatcher, options, logger, aborted.Token);
        try
        {
            await connection.RunAsync(lifetime.ApplicationStopping);
        }
        finally
        {
            await aborted.CancelAsync();
            await connection.DrainAsync(options.CallTimeout == Timeout.InfiniteTimeSpan ? TimeSpan.FromSeconds(30) : options.CallTimeout);
            directory.Close(id, "The WebSocket connection ended.");
        }
    }

    private bool IsAllowedOrigin(HttpRequest request)
    {
        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0)
        {
            return true;
        }

        if (Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        foreach (var allowed in options.AllowedOrigins)
        {
            if (string.Equals(allowed.TrimEnd('/'), origin, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
