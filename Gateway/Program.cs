using OrleansRpc.Demo;
using OrleansRpc.Hosting;

return await HostFailure.RunAsync("Gateway", () => DemoApplication.Build(args));
