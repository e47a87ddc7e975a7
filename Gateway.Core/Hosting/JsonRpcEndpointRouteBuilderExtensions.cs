using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OrleansRpc.Gateway.Client;
using OrleansRpc.Gateway.Endpoints;
using OrleansRpc.Gateway.Methods;

namespace OrleansRpc.Gateway.Hosting;

public static class JsonRpcEndpointRouteBuilderExtensions
{
    /// <summary>Maps the HTTP and WebSocket endpoints and the browser client's script. Building the method table here makes a bad table fail start-up.</summary>
    public static IEndpointRouteBuilder MapJsonRpc(this IEndpointRouteBuilder endpoints)
    {
        var services = endpoints.ServiceProvider;
        var options = services.GetRequiredService<JsonRpcOptions>();
        services.GetRequiredService<MethodTable>();
        var http = services.GetRequiredService<HttpRpcEndpoint>();
        var webSocket = services.GetRequiredService<WebSocketRpcEndpoint>();
        endpoints.Map(options.HttpPath, http.HandleAsync);
        endpoints.Map(options.WebSocketPath, webSocket.HandleAsync);
        if (options.ClientScriptPath is { } clientScript)
        {
            endpoints.MapMethods(clientScript, [HttpMethods.Get, HttpMethods.Head], services.GetRequiredService<ClientScriptEndpoint>().HandleAsync);
        }

        return endpoints;
    }
}
