using System.Diagnostics;
using System.Text;

namespace OrleansRpc.Tests.Infrastructure;

/// <summary>
/// One of the solution's programs run as a process of its own (from its own output folder), for what
/// only a real process shows: signals, exit codes, what it writes. Its output lines are the test's
/// barriers: <see cref="WaitForLineAsync"/> completes when a line that matches has been written.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Found)> _waiters = [];
    private readonly TaskCompletionSource _outputEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private HostProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => OnLine(e.Data, isError: false);
        _process.ErrorDataReceived += (_, e) => OnLine(e.Data, isError: true);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Pid => _process.Id;

    /// <summary>Everything written so far, standard error lines marked.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <param name="project">The project's folder in the solution, e.g. <c>Silo</c>.</param>
    /// <param name="assembly">The program's assembly file name, e.g. <c>OrleansRpc.Silo.dll</c>.</param>
    public static HostProcess Start(string project, string assembly, params string[] arguments) =>
        Start(project, assembly, new Dictionary<string, string>(), arguments);

    /// <param name="environment">Variables set for the process besides the test's own, e.g. <c>DOTNET_GCHeapHardLimit</c>.</param>
    public static HostProcess Start(string project, string assembly, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var folder = OutputFolder(project);
        return StartProgram("dotnet", folder, environment, [Path.Combine(folder, assembly), .. arguments]);
    }

    /// <summary>Any program on the PATH (or at a path), e.g. <c>redis-server</c>.</summary>
    public static HostProcess StartProgram(string fileName, string workingDirectory, params string[] arguments) =>
        StartProgram(fileName, workingDirectory, new Dictionary<string, string>(), arguments);

    private static HostProcess StartProgram(string fileName, string workingDirectory, IReadOnlyDictionary<string, string> environment, string[] arguments)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // Plain lines, without the console's colour codes.
        info.Environment["DOTNET_SYSTEM_CONSOLE_ALLOW_ANSI_COLOR_REDIRECTION"] = "false";
        info.Environment["Logging__Console__DisableColors"] = "true";
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        return new HostProcess(Process.Start(info)!);
    }

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

    /// <summary>The first line (already written or still to come) for which <paramref name="match"/> holds.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match)
    {
        var found = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_output)
        {
            foreach (var line in _output.ToString().Split('\n'))
            {
                if (match(line))
                {
                    return line;
                }
            }

            _waiters.Add((match, found));
        }

        var ended = await Task.WhenAny(found.Task, _outputEnded.Task, Task.Delay(s_patience));
        if (ended != found.Task)
        {
            throw new TimeoutException($"The process {(ended == _outputEnded.Task ? "ended" : "went on")} without writing the line waited for. It wrote:\n{Output}");
        }

        return await found.Task;
    }

    /// <summary>Completes once <paramref name="count"/> lines (already written or still to come) match.</summary>
    public Task WaitForLinesAsync(Func<string, bool> match, int count)
    {
        var seen = 0;
        return WaitForLineAsync(line => match(line) && Interlocked.Increment(ref seen) == count);
    }

    public Task<string> WaitForLineAsync(string startsWith) => WaitForLineAsync(line => line.StartsWith(startsWith, StringComparison.Ordinal));

    public async Task WriteLineAsync(string line)
    {
        await _process.StandardInput.WriteLineAsync(line);
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>Sends SIGTERM, as a service manager or a container runtime does to stop a process.</summary>
    public void Terminate() => Signal("TERM");

    /// <summary>Sends SIGKILL: the process ends at once, with no chance to clean up.</summary>
    public void Kill() => Signal("KILL");

    public async Task<int> ExitCodeAsync()
    {
        using var patience = new CancellationTokenSource(s_patience);
        await _process.WaitForExitAsync(patience.Token);
        await _outputEnded.Task.WaitAsync(patience.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Signal(string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }

    private void OnLine(string? line, bool isError)
    {
        if (line is null)
        {
            if (!isError)
            {
                _outputEnded.TrySetResult();
            }

            return;
        }

        List<TaskCompletionSource<string>>? found = null;
        lock (_output)
        {
            _output.Append(isError ? "[stderr] " : string.Empty).Append(line).Append('\n');
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Match(line))
                {
                    (found ??= []).Add(_waiters[i].Found);
                    _waiters.RemoveAt(i);
                }
            }
        }

        found?.ForEach(f => f.TrySetResult(line));
    }
}
