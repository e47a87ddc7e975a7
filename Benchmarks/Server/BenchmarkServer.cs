using OrleansRpc.Demo;
using OrleansRpc.Testing;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using OrleansRpc.Gateway;
using OrleansRpc.Gateway.Hosting;

namespace OrleansRpc.Benchmarks.Server;

/// <summary>
/// The server process: the gateway as <c>dotnet run --project Gateway</c> builds it, with the baselines
/// beside it in the same process so that every figure compares like with like. It says
/// <c>listening &lt;url&gt;</c> on stdout and stops when its stdin closes, so it never outlives the run.
/// </summary>
internal static class BenchmarkServer
{
    public const string EchoPath = "/bench/echo";
    public const string EchoWithGrainPath = "/bench/echo-grain";
    public const string MinimalApiPath = "/bench/minimal";
    public const string MinimalApiWithGrainPath = "/bench/minimal-grain";
    public const string HubPath = "/bench/hub";
    public const string HubWithGrainPath = "/bench/hub-grain";
    public const string DiagnosticsPath = "/bench/diag";

    public static async Task<int> RunAsync(string[] args)
    {
        // Listening from the start, so that every gen2 of the process is seen.
        using var gcReasons = new GcReasonListener();
        using var retried = new RetriedCallCounter();
        var app = DemoApplication.Build(
            // The load generator is one machine standing for many clients: the per-address limit would cap it.
            [.. RpcTestServer.LoopbackArguments, "--Logging:LogLevel:Default=Warning", .. args],
            builder =>
            {
                builder.Services.AddSignalR().Services.AddSingleton(gcReasons).AddSingleton(retried);
                builder.Services.Configure<JsonRpcOptions>(o => o.AddGrainInterface<IPlacedCalculatorGrain>().AddGrainInterface<IClusterBenchGrain>().AddGrainInterface<IItemsBenchGrain>());
            });
        app.Map(EchoPath, EchoEndpoint.HandleAsync);
        app.Map(EchoWithGrainPath, EchoEndpoint.HandleWithGrainCallAsync);
        app.MapPost(MinimalApiPath, MinimalApiEndpoint.Handle);
        app.MapPost(MinimalApiWithGrainPath, MinimalApiEndpoint.HandleWithGrainCallAsync);
        app.MapHub<BenchmarkHub>(HubPath);
        app.MapHub<GrainBenchmarkHub>(HubWithGrainPath);
        app.MapGet(DiagnosticsPath, DiagnosticsEndpoint.Handle);

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Console.WriteLine($"listening {address}");

        _ = Task.Run(async () =>
        {
            // The load generator holds our stdin; when it goes, so do we.
            await Console.In.ReadToEndAsync();
            await app.StopAsync();
        });
        await app.WaitForShutdownAsync();
        return 0;
    }
}
