using OrleansRpc.Benchmarks.Load;
using OrleansRpc.Benchmarks.Report;

namespace OrleansRpc.Benchmarks.Scenarios;

internal sealed record ScenarioContext(ServerProcess Server, LoadRunner Runner, BenchmarkSettings Settings, BenchmarkReport Report, TextWriter Log, FileLimitRaise FileLimit)
{
    /// <summary>Measured runs that saw errors; any makes the run fail.</summary>
    public List<string> Errors { get; } = [];

    public Measurement Check(Measurement measurement)
    {
        if (measurement.Errors > 0)
        {
            Errors.Add($"{measurement.Name}: {measurement.Errors} errors, first: {measurement.FirstError}");
        }

        return measurement;
    }
}
