using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace OrleansRpc.Gateway.Connections;

/// <summary>
/// Ends a connection's turn at being opened (<see cref="ConnectionOpenings"/>) when its first HTTP answer
/// starts, ahead of the rest of the host's pipeline. An upgrade's (a WebSocket's) turn ends at its first JSON-RPC answer
/// instead (<c>WebSocketOutput</c>), since its opening is the upgrade, its session, its connection grain and
/// its first call together; a WebSocket of another endpoint keeps its turn until the time limit.
/// </summary>
internal sealed class ConnectionOpeningEnds(ConnectionOpenings openings) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        if (openings.Limits)
        {
            app.Use(static (context, next) =>
            {
                // Asked of the server's features: this runs before UseWebSockets, which answers IsWebSocketRequest.
                var upgrade = context.Features.Get<IHttpUpgradeFeature>()?.IsUpgradableRequest == true
                    || context.Features.Get<IHttpExtendedConnectFeature>()?.IsExtendedConnect == true;
                if (!upgrade && context.Features.Get<ConnectionOpening>() is { IsOpening: true } opening)
                {
                    context.Response.OnStarting(static state =>
                    {
                        ((ConnectionOpening)state).End();
                        return Task.CompletedTask;
                    }, opening);
                }

                return next(context);
            });
        }

        next(app);
    };
}
