using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansRpc.Gateway.Connections;
using OrleansRpc.Gateway.Dispatch;
using OrleansRpc.Gateway.Hosting;
using OrleansRpc.Gateway.WebSockets;
using OrleansRpc.Rpc;
using OrleansRpc.Runtime;

namespace OrleansRpc.Gateway.Endpoints;

/// <summary><c>/ws</c>: upgrades to a WebSocket after checking the origin, and serves it until it ends.</summary>
internal sealed class WebSocketRpcEndpoint(
    JsonRpcDispatcher dispatcher,
    JsonRpcOptions options,
    ConnectionDirectory directory,
    GatewayCounters counters,
    IHostApplicationLifetime lifetime,
    ILogger<WebSocketRpcEndpoint> logger)
{
    private static readonly DeactivationReason s_ended = new(DeactivationReasonCode.ApplicationRequested, "The WebSocket connection ended.");

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

        // Opened before the upgrade is accepted, so that a new session cookie rides on the upgrade response.
        var rpcContext = directory.Open(context, RpcTransport.WebSocket);
        try
        {
            var upgraded = await WebSocketUpgrade.AcceptAsync(context);
            using var aborted = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
            var connection = new WebSocketRpcConnection(rpcContext, context, upgraded, dispatcher, options, counters, logger, aborted.Token);
            directory.Attach(connection);
            try
            {
                await connection.RunAsync(lifetime.ApplicationStopping);
            }
            finally
            {
                await aborted.CancelAsync();
                await connection.DrainAsync(options.CallTimeout == Timeout.InfiniteTimeSpan ? TimeSpan.FromSeconds(30) : options.CallTimeout);
            }
        }
        finally
        {
            directory.Close(rpcContext.ConnectionId, s_ended);
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
