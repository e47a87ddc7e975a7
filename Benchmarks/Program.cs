using BenchmarkDotNet.Running;
using OrleansRpc.Benchmarks;
using OrleansRpc.Benchmarks.Cluster;
using OrleansRpc.Benchmarks.Load;
using OrleansRpc.Benchmarks.Micro;
using OrleansRpc.Benchmarks.Scenarios;
using OrleansRpc.Benchmarks.Server;

// One program, several roles: the load generator (default) starts itself again as the server and, for the
// connection-limit scenario, as connection holders; `micro` runs the BenchmarkDotNet suite on its own.
switch (args.FirstOrDefault())
{
    case "server":
        return await BenchmarkServer.RunAsync(args[1..]);
    case "hold":
        return await ConnectionHolder.RunAsync(args[1..]);
    case "storm":
        return await StormClients.RunAsync(args[1..]);
    case "alloc":
        return await AllocationProfile.RunAsync(args[1..]);
    case "micro":
        BenchmarkSwitcher.FromTypes([typeof(DispatcherBenchmarks), typeof(CodecBenchmarks), typeof(CompressionBenchmarks)]).Run(args[1..], MicroScenario.Config(quick: false));
        return 0;
    case "--help" or "-h":
        Console.WriteLine(BenchmarkSettings.Usage);
        return 0;
}

BenchmarkSettings settings;
try
{
    settings = BenchmarkSettings.Parse(args);
}
catch (Exception ex) when (ex is ArgumentException or FormatException)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine(BenchmarkSettings.Usage);
    return 2;
}

return await BenchmarkRun.RunAsync(settings);
