using OrleansRpc.AppHost;
using Microsoft.Extensions.DependencyInjection;

// The local cluster in one command (README, "A cluster on Redis"; ARCHITECTURE.md, "Local cluster"): Redis
// on 127.0.0.1, one Silo and two Gateways on fixed ports, and Aspire's dashboard with every node's logs,
// traces and metrics. Ctrl+C stops the nodes first, so that they leave the cluster, and Redis last.
if (!RedisServerResource.IsInstalled())
{
    Console.Error.WriteLine($"The AppHost runs Redis as {RedisServerResource.Program}, which is not on the PATH. On Debian: sudo apt-get install redis-server");
    return 1;
}

var builder = DistributedApplication.CreateBuilder(args);
var settings = LocalClusterSettings.From(builder.Configuration);

var redis = builder.AddRedisServer("redis", settings.RedisPort, settings.RedisData);
var nodes = new List<IResource> { builder.AddProject<Projects.Silo>("silo").AsClusterNode(redis, settings.RedisAddress).Resource };
var gateways = new List<string>();
for (var i = 0; i < settings.GatewayPorts.Count; i++)
{
    var gateway = builder.AddProject<Projects.Gateway>($"gateway-{i + 1}")
        .AsClusterNode(redis, settings.RedisAddress)
        .WithHttpEndpoint(port: settings.GatewayPorts[i], isProxied: false)
        .WithHttpHealthCheck("/readyz");
    nodes.Add(gateway.Resource);
    gateways.Add(gateway.Resource.Name);
}

builder.Services.AddHostedService(services => new ClusterShutdown(services, nodes, redis.Resource));
builder.Services.AddHostedService(services => new ReadyLine(services, gateways, settings));

using var app = builder.Build();
await app.RunAsync();
settings.RemoveTemporaryData();
return 0;
