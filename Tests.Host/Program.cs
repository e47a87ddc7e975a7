using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using OrleansRpc.Gateway;
using OrleansRpc.Gateway.Hosting;
using OrleansRpc.Tests.Host;

// The demo gateway, as `dotnet run --project Gateway` runs it, plus test.hold. It says `listening <url>`
// once it serves and `stopping` when it begins to stop, which it does as that program does: on SIGTERM or
// Ctrl+C.
var holds = new Holds();
var app = GatewayApplication.Build(args, builder =>
{
    builder.Services.AddSingleton(holds);
    builder.Services.Configure<JsonRpcOptions>(o => o.AddGrainInterface<IHoldGrain>());
});
// By the time this line is written, the gateway's stopping token is cancelled: new calls get -32003.
app.Lifetime.ApplicationStopping.Register(() => Console.WriteLine("stopping"));
await app.StartAsync();
Console.WriteLine($"listening {app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()}");
_ = Task.Run(() => holds.ReadCommandsAsync(Console.In));
await app.WaitForShutdownAsync();
