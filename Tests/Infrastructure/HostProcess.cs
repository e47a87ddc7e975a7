using OrleansRpc.Testing;

namespace OrleansRpc.Tests.Infrastructure;

/// <summary>The solution's own programs (the Gateway, the Silo, the test host), run from their output folders as <see cref="TestProcess"/>es.</summary>
public static class HostProcess
{
    /// <param name="project">The project's folder in the solution, e.g. <c>Silo</c>.</param>
    /// <param name="assembly">The program's assembly file name, e.g. <c>OrleansRpc.Silo.dll</c>.</param>
    public static TestProcess Start(string project, string assembly, params IEnumerable<string> arguments) =>
        Start(project, assembly, null, arguments);

    /// <param name="environment">Variables set for the process besides the test's own, e.g. <c>DOTNET_GCHeapHardLimit</c>.</param>
    public static TestProcess Start(string project, string assembly, IReadOnlyDictionary<string, string>? environment, params IEnumerable<string> arguments) =>
        TestProcess.StartDotnet(Path.Combine(OutputFolder(project), assembly), environment, arguments);

    /// <summary>Any program on the PATH (or at a path), e.g. <c>redis-server</c>.</summary>
    public static TestProcess StartProgram(string fileName, string workingDirectory, params IEnumerable<string> arguments) =>
        TestProcess.Start(fileName, workingDirectory, null, arguments);

    /// <summary>
    /// The project's output folder for the configuration and framework the tests were built with: the
    /// same path under its folder as this assembly's under Tests/ (bin/Debug/net10.0/).
    /// </summary>
    private static string OutputFolder(string project)
    {
        var tests = new DirectoryInfo(AppContext.BaseDirectory);
        while (tests is not null && !File.Exists(Path.Combine(tests.FullName, "Tests.csproj")))
        {
            tests = tests.Parent;
        }

        if (tests?.Parent is not { } solution)
        {
            throw new DirectoryNotFoundException($"No Tests.csproj above {AppContext.BaseDirectory}.");
        }

        var folder = Path.Combine(solution.FullName, project, Path.GetRelativePath(tests.FullName, AppContext.BaseDirectory));
        return Directory.Exists(folder) ? folder : throw new DirectoryNotFoundException($"{project} is not built: no {folder}.");
    }
}
