using OrleansRpc.Demo;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Orleans.Runtime;
using OrleansRpc.Gateway;
using OrleansRpc.Gateway.Hosting;
using OrleansRpc.Tests.Host;
using OrleansRpc.Tests.Infrastructure;

// The demo gateway, as `dotnet run --project Gateway` runs it, plus test.hold, test.wait_* (IWaitGrain) and the cluster probes (IClusterProbeGrain).
// It says `listening <url> silo <silo address>` once it serves and `stopping` when it begins to stop,
// which it does as that program does: on SIGTERM or Ctrl+C.
var holds = new Holds();
var app = DemoApplication.Build(args, builder =>
{
    builder.Services.AddSingleton(holds);
    builder.Services.Configure<JsonRpcOptions>(o => o.AddGrainInterface<IHoldGrain>().AddGrainInterface<IClusterProbeGrain>().AddGrainInterface<IWaitGrain>());
},
silo =>
{
    silo.Services.AddSingleton<ActivationProbe>();
    silo.Services.AddSingleton<IConfigureGrainContextProvider>(sp => sp.GetRequiredService<ActivationProbe>());
});
// By the time this line is written, the gateway's stopping token is cancelled: new calls get -32003.
app.Lifetime.ApplicationStopping.Register(() => Console.WriteLine("stopping"));
await app.StartAsync();
var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
Console.WriteLine($"listening {address} silo {app.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress.ToParsableString()}");
_ = Task.Run(() => holds.ReadCommandsAsync(Console.In));
await app.WaitForShutdownAsync();
