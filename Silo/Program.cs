using Microsoft.Extensions.Hosting;
using OrleansRpc.Hosting;
using OrleansRpc.Hosting.Telemetry;

// A headless silo: no HTTP, no sockets; it hosts grains for the cluster it joins. The generic host stops
// it gracefully on SIGTERM or Ctrl+C.
return await HostFailure.RunAsync("Silo", () =>
{
    var builder = Host.CreateApplicationBuilder(args);
    builder.AddOtlpExport();
    builder.UseOrleans(silo => silo.ConfigureOrleansRpcSilo(builder.Configuration));
    return builder.Build();
});
