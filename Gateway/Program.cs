using OrleansRpc.Demo;
using OrleansRpc.Grains.Hosting;

return await HostFailure.RunAsync("Gateway", () => DemoApplication.Build(args));
