namespace OrleansRpc.Benchmarks.Scenarios;

/// <summary>One row group of the benchmark issue: runs its variants against their baselines and writes its section.</summary>
internal interface IScenario
{
    /// <summary>The name <c>--scenario</c> selects it by.</summary>
    string Name { get; }

    Task RunAsync(ScenarioContext context, CancellationToken cancellationToken);
}
