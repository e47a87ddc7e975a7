using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OrleansRpc.Gateway.Client;
using OrleansRpc.Gateway.Discovery;
using OrleansRpc.Gateway.Endpoints;
using OrleansRpc.Gateway.Methods;

namespace OrleansRpc.Gateway.Hosting;

public static class JsonRpcEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the HTTP and WebSocket endpoints and the browser client's script. Building the method table
    /// here makes a bad table fail start-up. With <see cref="JsonRpcOptions.AllowedOrigins"/>, the HTTP
    /// endpoint carries a CORS policy for them, so the host needs <c>app.UseCors()</c> (GatewayApplication has it).
    /// </summary>
    public static IEndpointRouteBuilder MapJsonRpc(this IEndpointRouteBuilder endpoints)
    {
        var services = endpoints.ServiceProvider;
        var options = services.GetRequiredService<JsonRpcOptions>();
        services.GetRequiredService<MethodTable>();
        var http = services.GetRequiredService<HttpRpcEndpoint>();
        var webSocket = services.GetRequiredService<WebSocketRpcEndpoint>();
        var rpc = endpoints.Map(options.HttpPath, http.HandleAsync);
        if (options.AllowedOrigins.Count > 0)
        {
            // The origins trusted with a WebSocket (which a browser opens with the user's cookies) are the
            // ones a browser may POST from; the preflight is answered by ASP.NET Core's CORS middleware.
            rpc.RequireCors(policy => policy
                .WithOrigins([.. options.AllowedOrigins.Select(o => o.TrimEnd('/'))])
                .WithMethods(HttpMethods.Post)
                .WithHeaders("Content-Type")
                .AllowCredentials()
                .SetPreflightMaxAge(TimeSpan.FromMinutes(10)));
        }

        endpoints.Map(options.WebSocketPath, webSocket.HandleAsync);
        if (options.Discovery)
        {
            var document = services.GetRequiredService<OpenRpcDocument>();
            endpoints.MapGet(options.OpenRpcPath, (HttpContext context) =>
            {
                // Read by tools (OpenRPC's playground, generators) from pages of any origin; what the methods
                // themselves allow across origins is AllowedOrigins's to say.
                context.Response.Headers.AccessControlAllowOrigin = "*";
                return Results.Bytes(document.Utf8, "application/json");
            });
        }

        if (options.ClientScriptPath is { } clientScript)
        {
            endpoints.MapMethods(clientScript, [HttpMethods.Get, HttpMethods.Head], services.GetRequiredService<ClientScriptEndpoint>().HandleAsync);
        }

        return endpoints;
    }
}
