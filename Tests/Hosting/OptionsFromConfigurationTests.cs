using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansRpc.Gateway;
using OrleansRpc.Gateway.Hosting;

namespace OrleansRpc.Tests.Hosting;

/// <summary>A deployment sets the gateway's limits in configuration (section <c>JsonRpc</c>); code set by the host wins.</summary>
public sealed class OptionsFromConfigurationTests
{
    [Fact]
    public async Task LimitsPathsAndOriginsComeFromConfiguration()
    {
        await using var app = GatewayApplication.Build(
        [
            "--JsonRpc:MaxOutboundQueue=16",
            "--JsonRpc:MaxInFlightPerConnection=8",
            "--JsonRpc:MaxConnections=250",
            "--JsonRpc:SlowConsumerPolicy=DropOldest",
            "--JsonRpc:KeepAliveInterval=00:00:05",
            "--JsonRpc:DetailedErrors=true",
            "--JsonRpc:WebSocketPath=/socket",
            "--JsonRpc:AllowedOrigins:0=https://app.example",
            "--JsonRpc:AllowedOrigins:1=https://admin.example",
        ]);
        var options = app.Services.GetRequiredService<IOptions<JsonRpcOptions>>().Value;

        Assert.Equal(16, options.MaxOutboundQueue);
        Assert.Equal(8, options.MaxInFlightPerConnection);
        Assert.Equal(250, options.MaxConnections);
        Assert.Equal(SlowConsumerPolicy.DropOldest, options.SlowConsumerPolicy);
        Assert.Equal(TimeSpan.FromSeconds(5), options.KeepAliveInterval);
        Assert.True(options.DetailedErrors);
        Assert.Equal("/socket", options.WebSocketPath);
        Assert.Equal(["https://app.example", "https://admin.example"], options.AllowedOrigins);
        Assert.Equal(new JsonRpcOptions().MaxBatchSize, options.MaxBatchSize);
    }

    [Fact]
    public async Task TheHostsCodeWinsOverConfiguration()
    {
        await using var app = GatewayApplication.Build(
            ["--JsonRpc:MaxOutboundQueue=16"],
            builder => builder.Services.Configure<JsonRpcOptions>(o => o.MaxOutboundQueue = 32));

        Assert.Equal(32, app.Services.GetRequiredService<IOptions<JsonRpcOptions>>().Value.MaxOutboundQueue);
    }
}
