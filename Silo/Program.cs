using Microsoft.Extensions.Hosting;
using OrleansRpc.Grains.Hosting;

// A headless silo: no HTTP, no sockets; it hosts grains for the cluster it joins. The generic host stops
// it gracefully on SIGTERM or Ctrl+C.
var builder = Host.CreateApplicationBuilder(args);
builder.UseOrleans(silo => silo.ConfigureOrleansRpcSilo(builder.Configuration));
try
{
    await builder.Build().RunAsync();
    return 0;
}
catch (Exception ex)
{
    return HostFailure.Report("Silo", ex);
}
