using OrleansRpc.Demo;
using OrleansRpc.Grains.Hosting;

try
{
    await DemoApplication.Build(args).RunAsync();
    return 0;
}
catch (Exception ex)
{
    return HostFailure.Report("Gateway", ex);
}
