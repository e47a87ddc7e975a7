using OrleansRpc.Gateway.Delivery;
using OrleansRpc.Demo;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using OrleansRpc.Gateway;
using OrleansRpc.Gateway.Connections;
using OrleansRpc.Gateway.Hosting;
using OrleansRpc.Testing;
using OrleansRpc.Tests.TestGrains;

namespace OrleansRpc.Tests.Infrastructure;

/// <summary>
/// The real gateway, with the demo and test grains, on a free loopback port: the shipped test kit's
/// <see cref="RpcTestServer"/>, started on the demo's host, with what these tests need besides (the test
/// grains, an authentication scheme, the activation probe, raw clients).
/// </summary>
public sealed class GatewayServer : IAsyncDisposable
{
    private readonly RpcTestServer _server;

    private GatewayServer(RpcTestServer server) => _server = server;

    public Uri Address => _server.Address;

    public Uri HttpEndpoint => _server.HttpUri;

    public Uri WebSocketEndpoint => _server.WebSocketUri;

    public IServiceProvider Services => _server.Services;

    /// <summary>Which grains are active in the gateway's silo (not in the default gateway, which has no probe).</summary>
    public ActivationProbe Activations => Services.GetRequiredService<ActivationProbe>();

    /// <summary>The gateway exactly as `dotnet run --project Gateway` builds it: no test grains, no test services.</summary>
    public static async Task<GatewayServer> StartDefaultAsync(string environment) =>
        await StartAsync(DemoApplication.Build(["--urls", "http://127.0.0.1:0", "--environment", environment]));

    public static async Task<GatewayServer> StartAsync(
        Action<JsonRpcOptions>? configure = null,
        string environment = "Production",
        Action<IServiceCollection>? services = null,
        IEnumerable<string>? arguments = null,
        Action<WebApplication>? endpoints = null)
    {
        var app = DemoApplication.Build(
            [.. RpcTestServer.LoopbackArguments, "--environment", environment, .. arguments ?? []],
            builder =>
            {
                builder.Services.Configure<JsonRpcOptions>(o => TestGrainRegistration.AddTo(o));
                builder.Services.AddSingleton<Barriers>();
                builder.Services.AddAuthentication(TestAuthenticationHandler.SchemeName)
                    .AddScheme<AuthenticationSchemeOptions, TestAuthenticationHandler>(TestAuthenticationHandler.SchemeName, null);
                builder.Services.AddAuthorization(o => o.AddPolicy("Adult", p => p.RequireClaim("adult")));
                if (configure is not null)
                {
                    builder.Services.Configure(configure);
                }

                services?.Invoke(builder.Services);
            },
            silo =>
            {
                silo.Services.AddSingleton<ActivationProbe>();
                silo.Services.AddSingleton<IConfigureGrainContextProvider>(sp => sp.GetRequiredService<ActivationProbe>());
            });
        endpoints?.Invoke(app);
        return await StartAsync(app);
    }

    private static async Task<GatewayServer> StartAsync(WebApplication app) => new(await RpcTestServer.StartAsync(app));

    /// <summary>Closes every WebSocket from the server's side (1001, as at shutdown), the server staying up: what a client's reconnect is tested with.</summary>
    public void DropWebSockets()
    {
        foreach (var socket in Services.GetRequiredService<NodeConnections>().WebSockets)
        {
            socket.CloseForShutdown(TimeSpan.Zero);
        }
    }

    public RpcClient Client(string transport) => transport switch
    {
        "http" => new HttpRpcClient(HttpEndpoint),
        "ws" => new WebSocketRpcClient(WebSocketEndpoint),
        _ => throw new ArgumentOutOfRangeException(nameof(transport)),
    };

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
