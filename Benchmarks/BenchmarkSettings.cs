using System.Globalization;

namespace OrleansRpc.Benchmarks;

/// <summary>The command line of a benchmark run.</summary>
internal sealed record BenchmarkSettings
{
    public const string Usage = """
        Usage: dotnet run -c Release --project Benchmarks -- [options]
               dotnet run -c Release --project Benchmarks -- micro [BenchmarkDotNet options]

          --quick               every scenario for a few seconds, at reduced sizes (CI); its numbers mean nothing
          --scenario <name>     run only these (repeatable): websocket, http, open-loop, fan-out,
                                slow-consumer, memory, connect, stream, cluster, reconnect-storm, connections,
                                micro
          --load <N>x<K>        only this WebSocket load, N connections × K in flight (repeatable; for
                                profiling one load: the report then lacks the other rows)
          --members <n>         only this fan-out group size (repeatable; as --load, for profiling)
          --window <n>          messages the fan-out publisher keeps on their way (default 16; any other
                                value is for exploring, and its ratios are not judged against the targets)
          --repetitions <n>     measured runs of each variant, interleaved with its baselines (default 5)
          --duration <s>        seconds per measured run (default 2)
          --warmup <s>          warm-up limit in seconds (default 20)
          --rate <n>            calls per second of the open-loop scenario (default 10000)
          --output <file>       where the report goes (default BENCHMARKS.md beside OrleansRpc.sln for a full run; none for --quick)
          --json <file>         the same results as JSON as well (targets, figures, every table), for tools
        """;

    public static readonly string[] AllScenarios = ["websocket", "http", "open-loop", "fan-out", "slow-consumer", "memory", "connect", "stream", "cluster", "reconnect-storm", "connections", "micro"];

    public bool Quick { get; init; }

    public int Repetitions { get; init; } = 5;

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(2);

    public TimeSpan WarmUpLimit { get; init; } = TimeSpan.FromSeconds(20);

    public TimeSpan WarmUpWindow { get; init; } = TimeSpan.FromSeconds(2);

    public double OpenLoopRate { get; init; } = 10_000;

    /// <summary>The window the fan-out targets are judged at.</summary>
    public const int DefaultFanOutWindow = 16;

    /// <summary>Messages the fan-out publisher keeps on their way.</summary>
    public int FanOutWindow { get; init; } = DefaultFanOutWindow;

    public string? Output { get; init; } = DefaultOutput();

    /// <summary>Where the results go as JSON too (<c>--json</c>); none unless asked for.</summary>
    public string? JsonOutput { get; init; }

    public IReadOnlySet<string> Scenarios { get; init; } = new HashSet<string>(AllScenarios);

    /// <summary>The WebSocket loads to run; empty for all of them.</summary>
    public IReadOnlyList<(int Connections, int InFlight)> Loads { get; init; } = [];

    /// <summary>The fan-out group sizes to run; empty for all of them.</summary>
    public IReadOnlyList<int> GroupSizes { get; init; } = [];

    public bool Runs(string scenario) => Scenarios.Contains(scenario);

    /// <summary>A size for a full run, or the smaller one <c>--quick</c> uses.</summary>
    public int Size(int full, int quick) => Quick ? quick : full;

    public static BenchmarkSettings Parse(IReadOnlyList<string> args)
    {
        var settings = new BenchmarkSettings();
        var quick = args.Contains("--quick");
        if (quick)
        {
            settings = settings with
            {
                Quick = true,
                Repetitions = 1,
                Duration = TimeSpan.FromSeconds(0.5),
                WarmUpLimit = TimeSpan.FromSeconds(0.5),
                WarmUpWindow = TimeSpan.FromSeconds(0.25),
                OpenLoopRate = 1_000,
                Output = null,
            };
        }

        var scenarios = new HashSet<string>();
        var loads = new List<(int, int)>();
        var groupSizes = new List<int>();
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--quick":
                    break;
                case "--scenario":
                    var name = Value(args, ref i);
                    if (!AllScenarios.Contains(name))
                    {
                        throw new ArgumentException($"Unknown scenario '{name}'; known: {string.Join(", ", AllScenarios)}.");
                    }

                    scenarios.Add(name);
                    break;
                case "--load":
                    loads.Add(Load(Value(args, ref i)));
                    break;
                case "--members":
                    groupSizes.Add(Math.Max(1, int.Parse(Value(args, ref i), CultureInfo.InvariantCulture)));
                    break;
                case "--window":
                    settings = settings with { FanOutWindow = Math.Max(1, int.Parse(Value(args, ref i), CultureInfo.InvariantCulture)) };
                    break;
                case "--repetitions":
                    settings = settings with { Repetitions = Math.Max(1, int.Parse(Value(args, ref i), CultureInfo.InvariantCulture)) };
                    break;
                case "--duration":
                    settings = settings with { Duration = Seconds(Value(args, ref i)) };
                    break;
                case "--warmup":
                    settings = settings with { WarmUpLimit = Seconds(Value(args, ref i)) };
                    break;
                case "--rate":
                    settings = settings with { OpenLoopRate = double.Parse(Value(args, ref i), CultureInfo.InvariantCulture) };
                    break;
                case "--output":
                    settings = settings with { Output = Value(args, ref i) };
                    break;
                case "--json":
                    settings = settings with { JsonOutput = Value(args, ref i) };
                    break;
                default:
                    throw new ArgumentException($"Unknown option '{args[i]}'.");
            }
        }

        settings = settings with { Loads = loads, GroupSizes = groupSizes };
        return scenarios.Count == 0 ? settings : settings with { Scenarios = scenarios };
    }

    /// <summary>BENCHMARKS.md beside OrleansRpc.sln, wherever `dotnet run` starts the program from.</summary>
    private static string DefaultOutput()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "OrleansRpc.sln")))
                {
                    return Path.Combine(directory.FullName, "BENCHMARKS.md");
                }
            }
        }

        return "BENCHMARKS.md";
    }

    private static string Value(IReadOnlyList<string> args, ref int i) =>
        ++i < args.Count ? args[i] : throw new ArgumentException($"{args[i - 1]} needs a value.");

    private static (int, int) Load(string value)
    {
        var parts = value.Split('x');
        if (parts.Length != 2 || !int.TryParse(parts[0], CultureInfo.InvariantCulture, out var connections) || !int.TryParse(parts[1], CultureInfo.InvariantCulture, out var inFlight)
            || connections < 1 || inFlight < 1)
        {
            throw new ArgumentException($"--load takes connections x in-flight, such as 64x16; got '{value}'.");
        }

        return (connections, inFlight);
    }

    private static TimeSpan Seconds(string value) => TimeSpan.FromSeconds(double.Parse(value, CultureInfo.InvariantCulture));
}
