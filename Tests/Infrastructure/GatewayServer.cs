using OrleansRpc.Gateway.Delivery;
using OrleansRpc.Demo;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using OrleansRpc.Gateway;
using OrleansRpc.Gateway.Connections;
using OrleansRpc.Gateway.Hosting;
using OrleansRpc.Tests.TestGrains;

namespace OrleansRpc.Tests.Infrastructure;

/// <summary>The real gateway, with the demo and test grains, on a free loopback port.</summary>
public sealed class GatewayServer : IAsyncDisposable
{
    /// <summary>
    /// Every client of a test has the loopback address, so the per-address limits (sockets held, upgrades
    /// a second) are lifted for the tests that open thousands of sockets; a test of a limit sets its own
    /// (later arguments win).
    /// </summary>
    public static readonly string[] OneClientMachine = ["--JsonRpc:MaxWebSocketsPerAddress=1000000", "--JsonRpc:MaxWebSocketUpgradesPerSecondPerAddress=0", "--JsonRpc:MaxConnectionsPerAddress=0", "--JsonRpc:MaxNewSessionsPerSecondPerAddress=0"];

    private readonly WebApplication _app;

    private GatewayServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public Uri HttpEndpoint => new(Address, "/rpc");

    public Uri WebSocketEndpoint => new UriBuilder(Address) { Scheme = Address.Scheme == "https" ? "wss" : "ws", Path = "/ws" }.Uri;

    public IServiceProvider Services => _app.Services;

    /// <summary>Which grains are active in the gateway's silo (not in the default gateway, which has no probe).</summary>
    public ActivationProbe Activations => _app.Services.GetRequiredService<ActivationProbe>();

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
            ["--urls", "http://127.0.0.1:0", "--environment", environment, .. OneClientMachine, .. arguments ?? []],
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

    private static async Task<GatewayServer> StartAsync(WebApplication app)
    {
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new GatewayServer(app, new Uri(address));
    }

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

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
