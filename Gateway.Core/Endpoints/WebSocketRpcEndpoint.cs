using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using OrleansRpc.Gateway.Connections;
using OrleansRpc.Gateway.Diagnostics;
using OrleansRpc.Gateway.Dispatch;
using OrleansRpc.Gateway.Hosting;
using OrleansRpc.Gateway.WebSockets;
using OrleansRpc.Gateway.WebSockets.Compression;
using OrleansRpc.Rpc;

using OrleansRpc.Gateway.Delivery;

namespace OrleansRpc.Gateway.Endpoints;

/// <summary><c>/ws</c>: upgrades to a WebSocket after checking the origin, and serves it until it ends.</summary>
internal sealed class WebSocketRpcEndpoint
{
    private readonly JsonRpcDispatcher _dispatcher;
    private readonly JsonRpcOptions _options;
    private readonly ConnectionDirectory _directory;
    private readonly NodeConnections _connections;
    private readonly GatewayCounters _counters;
    private readonly WebSocketsPerAddress _perAddress;
    private readonly WebSocketUpgradeRate _upgradeRate;
    private readonly CancellationToken _stopping;
    private readonly TimeSpan _drainLimit;
    private readonly ILogger _logger;
    private readonly LogThrottle _upgradeRefusals = new(TimeSpan.FromSeconds(10));
    private readonly LogThrottle _addressRefusals = new(TimeSpan.FromSeconds(10));

    public WebSocketRpcEndpoint(
        JsonRpcDispatcher dispatcher,
        JsonRpcOptions options,
        ConnectionDirectory directory,
        NodeConnections connections,
        GatewayCounters counters,
        WebSocketsPerAddress perAddress,
        WebSocketUpgradeRate upgradeRate,
        IHostApplicationLifetime lifetime,
        IOptions<SiloMessagingOptions> messaging,
        ILogger<WebSocketRpcEndpoint> logger)
    {
        // Every call ends by Orleans's response timeout at the latest, so that bounds a closing
        // connection's wait for its calls.
        _drainLimit = messaging.Value.ResponseTimeout;
        _dispatcher = dispatcher;
        _options = options;
        _directory = directory;
        _connections = connections;
        _counters = counters;
        _perAddress = perAddress;
        _upgradeRate = upgradeRate;
        _logger = logger;
        _stopping = lifetime.ApplicationStopping;

        // One registration closes them all, rather than one per connection held for its whole life.
        _stopping.Register(static state => ((WebSocketRpcEndpoint)state!).CloseAllForShutdown(), this);
    }

    public async Task HandleAsync(HttpContext context)
    {
        try
        {
            await ServeAsync(context);
        }
        finally
        {
            // A refused upgrade leaves its connection open, now opened; a served one is over (ConnectionOpenings).
            context.Features.Get<ConnectionOpening>()?.End();
        }
    }

    private async Task ServeAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            await Refusal.WriteAsync(context, StatusCodes.Status400BadRequest, "This endpoint speaks JSON-RPC over WebSocket; POST to the HTTP endpoint instead.");
            return;
        }

        if (!IsAllowedOrigin(context.Request))
        {
            EndpointLog.OriginRefused(_logger, context.Request.Headers.Origin.ToString());

            // The origin is not echoed: a body that repeats what the client sent is a reflection to avoid.
            await Refusal.WriteAsync(context, StatusCodes.Status403Forbidden, "This page's Origin may not open a WebSocket here; the server's log names it, and JsonRpcOptions.AllowedOrigins lists the ones allowed.");
            return;
        }

        var offered = context.WebSockets.WebSocketRequestedProtocols;
        var subProtocol = ChooseSubProtocol(offered);
        if (offered.Count > 0 && subProtocol is null)
        {
            // Not echoed either: what the client offered is in its own request.
            await Refusal.WriteAsync(context, StatusCodes.Status400BadRequest, $"None of the WebSocket subprotocols offered is one this endpoint speaks: {string.Join(", ", _options.SubProtocols)} (JsonRpcOptions.SubProtocols), or offer none.");
            return;
        }

        var address = context.Connection.RemoteIpAddress;
        if (!_upgradeRate.TryAcquire(address))
        {
            if (_upgradeRefusals.TryEnter())
            {
                EndpointLog.AddressUpgradingTooFast(_logger, address, _upgradeRate.PerSecond);
            }

            context.Response.Headers.RetryAfter = "1";
            await Refusal.WriteAsync(context, StatusCodes.Status429TooManyRequests, $"This address opened {_upgradeRate.PerSecond} WebSockets here within the last second (JsonRpcOptions.MaxWebSocketUpgradesPerSecondPerAddress); retry after a second.");
            return;
        }

        if (!_perAddress.TryEnter(address))
        {
            if (_addressRefusals.TryEnter())
            {
                EndpointLog.AddressAtLimit(_logger, address, _perAddress.Limit);
            }

            context.Response.Headers.RetryAfter = "10";
            await Refusal.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, $"This address already holds {_perAddress.Limit} WebSockets here (JsonRpcOptions.MaxWebSocketsPerAddress); close one first.");
            return;
        }

        // Opened before the upgrade is accepted, so that a new session cookie rides on the upgrade response.
        RpcContext rpcContext;
        try
        {
            rpcContext = _directory.Open(context, RpcTransport.WebSocket);
        }
        catch
        {
            _perAddress.Exit(address);
            throw;
        }

        try
        {
            DeflateAgreement? deflate = null;
            string? extensions = null;
            if (_options.WebSocketCompression
                && DeflateNegotiation.TryAgree(context.Request.Headers.SecWebSocketExtensions, _options.WebSocketCompressionClientContextTakeover, out var agreed, out var answer))
            {
                deflate = agreed;
                extensions = answer;
            }

            var upgraded = await WebSocketUpgrade.AcceptAsync(context, subProtocol, extensions);
            var connection = new WebSocketRpcConnection(rpcContext, context, upgraded, deflate, _dispatcher, _options, _counters, _logger);
            _connections.Attach(connection);
            if (_stopping.IsCancellationRequested)
            {
                // Attached after the walk of CloseAllForShutdown, or during it.
                connection.CloseForShutdown(_drainLimit);
            }

            try
            {
                await connection.RunAsync();
            }
            finally
            {
                await connection.DrainAsync(_drainLimit);
                if (connection.OpenEnumerations is { } enumerations)
                {
                    // The sequences it was reading stop: Orleans disposes their enumerators on the grains' nodes.
                    await enumerations.CloseAsync();
                }
            }
        }
        finally
        {
            // Before the close, which deactivates the connection's grain: once that is gone, so is its count.
            _perAddress.Exit(address);
            _directory.Close(rpcContext.ConnectionId);
        }
    }

    private void CloseAllForShutdown()
    {
        foreach (var connection in _connections.WebSockets)
        {
            connection.CloseForShutdown(_drainLimit);
        }
    }

    /// <summary>The first of the server's subprotocols that the client offered: the server's preference decides.</summary>
    private string? ChooseSubProtocol(IList<string> offered)
    {
        foreach (var spoken in _options.SubProtocols)
        {
            foreach (var candidate in offered)
            {
                if (string.Equals(candidate, spoken, StringComparison.Ordinal))
                {
                    return spoken;
                }
            }
        }

        return null;
    }

    private bool IsAllowedOrigin(HttpRequest request)
    {
        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0)
        {
            return true;
        }

        // The gateway's own origin: its host, no user info or path (an Origin has neither), and not a
        // plain-HTTP page for a gateway served over HTTPS. An https page for a gateway that sees http is
        // allowed: a proxy in front terminates TLS.
        if (Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            && uri.UserInfo.Length == 0
            && uri.PathAndQuery == "/" && origin[^1] != '/'
            && (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && !request.IsHttps))
            && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        foreach (var allowed in _options.AllowedOrigins)
        {
            if (string.Equals(allowed.TrimEnd('/'), origin, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
