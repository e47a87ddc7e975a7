using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using OrleansRpc.Tests.Infrastructure;

namespace OrleansRpc.Tests.Health;

/// <summary>/healthz and /readyz of an embedded gateway (the cluster's are in Tests/Cluster).</summary>
public sealed class HealthEndpointTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Theory]
    [InlineData("/healthz")]
    [InlineData("/readyz")]
    public async Task AnEmbeddedGatewayIsHealthyAndReady(string path)
    {
        using var http = new HttpClient();
        using var response = await http.GetAsync(new Uri(fixture.Server.Address, path));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AStoppingGatewayIsNotReady()
    {
        await using var server = await GatewayServer.StartAsync();
        var lifetime = server.Services.GetRequiredService<IHostApplicationLifetime>();
        lifetime.StopApplication();
        var readiness = server.Services.GetRequiredService<HealthCheckService>();
        var report = await readiness.CheckHealthAsync(check => check.Tags.Contains(OrleansRpc.Gateway.Health.HealthEndpoints.ReadyTag));
        Assert.Equal(HealthStatus.Unhealthy, report.Status);
        Assert.Equal("The gateway is shutting down.", report.Entries["silo"].Description);
    }
}
