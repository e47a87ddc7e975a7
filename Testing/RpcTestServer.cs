using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using OrleansRpc.Client;
using OrleansRpc.Gateway;
using OrleansRpc.Gateway.Hosting;

namespace OrleansRpc.Testing;

/// <summary>
/// A real gateway with your grains, in the test's process: the same host as <c>GatewayApplication</c>
/// (a co-hosted Orleans silo, embedded, in memory) on a free loopback port, in the Development
/// environment so that errors carry their exceptions' messages.
/// </summary>
public sealed class RpcTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private RpcTestServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public Uri WebSocketUri => new UriBuilder(Address) { Scheme = Address.Scheme == "https" ? "wss" : "ws", Path = Options.WebSocketPath }.Uri;

    public Uri HttpUri => new(Address, Options.HttpPath);

    /// <summary>The host's services: the silo's too, since it is co-hosted.</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>For calling grains directly, as another grain would (to arrange a test, or check on it).</summary>
    public IGrainFactory GrainFactory => _app.Services.GetRequiredService<IGrainFactory>();

    private JsonRpcOptions Options => _app.Services.GetRequiredService<JsonRpcOptions>();

    /// <summary>
    /// Every client of a test comes from loopback, one address: the per-address limits (sockets held,
    /// upgrades and new sessions a second), which are for the internet, lifted. A test of a limit sets its
    /// own after these (later arguments win).
    /// </summary>
    public static readonly string[] LoopbackLimits =
    [
        "--JsonRpc:MaxWebSocketsPerAddress=1000000", "--JsonRpc:MaxWebSocketUpgradesPerSecondPerAddress=0",
        "--JsonRpc:MaxConnectionsPerAddress=0", "--JsonRpc:MaxNewSessionsPerSecondPerAddress=0",
        "--JsonRpc:MaxNewConnectionsPerSecond=0",
    ];

    /// <summary>A free loopback port and <see cref="LoopbackLimits"/>: the arguments of a test's gateway.</summary>
    public static readonly string[] LoopbackArguments = ["--urls", "http://127.0.0.1:0", .. LoopbackLimits];

    /// <summary>Starts a gateway serving the grain interfaces <paramref name="configure"/> adds (and whatever else it sets).</summary>
    /// <param name="builder">Services and configuration of the host, as in any ASP.NET Core app.</param>
    /// <param name="silo">The silo, as in any Orleans app.</param>
    public static Task<RpcTestServer> StartAsync(
        Action<JsonRpcOptions> configure,
        Action<WebApplicationBuilder>? builder = null,
        Action<ISiloBuilder>? silo = null) =>
        StartAsync(GatewayApplication.Build(
            [.. LoopbackArguments, "--environment", "Development"],
            host =>
            {
                host.Services.Configure(configure);
                builder?.Invoke(host);
            },
            silo));

    /// <summary>
    /// Starts a gateway host the test built itself, such as your service's own (build it with
    /// <see cref="LoopbackArguments"/>, or another loopback <c>--urls</c>), and serves it as this one.
    /// The server owns it from here: disposing the server stops it.
    /// </summary>
    public static async Task<RpcTestServer> StartAsync(WebApplication app)
    {
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new RpcTestServer(app, new Uri(address));
    }

    /// <summary>A client over a WebSocket: calls, notifications both ways, proxies.</summary>
    public async Task<RpcTestClient> ConnectAsync(JsonRpcClientOptions? options = null) =>
        new(await JsonRpcClient.ConnectAsync(WebSocketUri, WithHttpUri(options)));

    /// <summary>A client that posts each call to /rpc, as a browser's fetch would.</summary>
    public RpcTestClient HttpClient(JsonRpcClientOptions? options = null) => new(JsonRpcClient.ForHttp(HttpUri, options));

    private JsonRpcClientOptions WithHttpUri(JsonRpcClientOptions? options)
    {
        options ??= new JsonRpcClientOptions();
        options.HttpUri ??= HttpUri;
        return options;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
