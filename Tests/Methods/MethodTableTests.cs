using Microsoft.Extensions.DependencyInjection;
using OrleansRpc.Gateway;
using OrleansRpc.Gateway.Hosting;
using OrleansRpc.Tests.TestGrains.Gateway;

namespace OrleansRpc.Tests.Methods;

public sealed class MethodTableTests
{
    [Fact]
    public void DuplicateNamesFailStartUpNamingBothMethods()
    {
        var error = Assert.Throws<InvalidOperationException>(() => GatewayApplication.Build(
            ["--urls", "http://127.0.0.1:0"],
            builder => builder.Services.Configure<JsonRpcOptions>(o => o.AddGrainInterface<IDuplicateNameAGrain>().AddGrainInterface<IDuplicateNameBGrain>())));
        Assert.Contains("'same.name'", error.Message);
        Assert.Contains("IDuplicateNameAGrain.First", error.Message);
        Assert.Contains("IDuplicateNameBGrain.Second", error.Message);
    }

    [Fact]
    public void AStreamedMethodOnAStatelessWorkerThatMayRunSeveralActivationsFailsStartUp()
    {
        var error = Assert.Throws<InvalidOperationException>(() => GatewayApplication.Build(
            ["--urls", "http://127.0.0.1:0"],
            builder => builder.Services.Configure<JsonRpcOptions>(o => o.AddGrainInterface<IStreamingWorkerGrain>())));
        Assert.Contains("IStreamingWorkerGrain.Numbers", error.Message);
        Assert.Contains("[StatelessWorker(1)]", error.Message);
    }
}
