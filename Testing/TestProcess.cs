using System.Diagnostics;
using System.Text;

namespace OrleansRpc.Testing;

/// <summary>
/// A program run as a process of its own (a Gateway, a Silo, <c>redis-server</c>, a load generator), for
/// what only a real process shows: signals, exit codes, what it writes. Its output lines are the test's
/// barriers: <see cref="WaitForLineAsync(Func{string, bool})"/> completes when a line that matches has been
/// written. Everything it writes is kept (<see cref="Output"/>), so its pipes never fill.
/// </summary>
public sealed class TestProcess : IAsyncDisposable
{
    /// <summary>How long a wait for a line or an exit lasts unless told otherwise.</summary>
    public static readonly TimeSpan DefaultPatience = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Found)> _waiters = [];
    private readonly TaskCompletionSource _outputEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private TestProcess(Process process)
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

    /// <summary>A .NET program from its assembly (<c>dotnet OrleansRpc.Silo.dll ...</c>), run in the assembly's folder.</summary>
    /// <param name="environment">Variables set for the process besides the test's own, e.g. <c>DOTNET_GCHeapHardLimit</c>.</param>
    public static TestProcess StartDotnet(string assemblyPath, IReadOnlyDictionary<string, string>? environment, params IEnumerable<string> arguments) =>
        Start("dotnet", Path.GetDirectoryName(Path.GetFullPath(assemblyPath))!, environment, [assemblyPath, .. arguments]);

    /// <summary>Any program on the PATH (or at a path), e.g. <c>redis-server</c>.</summary>
    /// <exception cref="InvalidOperationException">The program is not installed.</exception>
    public static TestProcess Start(string fileName, string workingDirectory, IReadOnlyDictionary<string, string>? environment, params IEnumerable<string> arguments)
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
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        try
        {
            return new TestProcess(Process.Start(info)!);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException($"{fileName} could not be started (is it installed?): {ex.Message}", ex);
        }
    }

    /// <summary>The first line (already written or still to come) for which <paramref name="match"/> holds.</summary>
    public Task<string> WaitForLineAsync(Func<string, bool> match) => WaitForLineAsync(match, DefaultPatience);

    /// <inheritdoc cref="WaitForLineAsync(Func{string, bool})"/>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan patience)
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

        var ended = await Task.WhenAny(found.Task, _outputEnded.Task, Task.Delay(patience));

        // The line is always found before the output ends, but both wake their waiters on the thread pool,
        // which may run the end's first: the line decides.
        if (ended != found.Task && !found.Task.IsCompleted)
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

    /// <summary>Sends SIGSTOP: the process stands still (a frozen host, a long pause) and holds its sockets.</summary>
    public void Pause() => Signal("STOP");

    /// <summary>Sends SIGCONT: a paused process goes on where it stood.</summary>
    public void Resume() => Signal("CONT");

    public Task<int> ExitCodeAsync() => ExitCodeAsync(DefaultPatience);

    /// <summary>The exit code, once the process has ended and its output has been read to the end.</summary>
    /// <exception cref="OperationCanceledException">It ran past <paramref name="within"/>.</exception>
    public async Task<int> ExitCodeAsync(TimeSpan within)
    {
        using var patience = new CancellationTokenSource(within);
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

    /// <summary>Closes its standard input, which a program that reads it takes as the word to stop.</summary>
    public void CloseInput() => _process.StandardInput.Close();

    private void Signal(string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        kill.WaitForExit();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -{signal} {_process.Id} failed with {kill.ExitCode}.");
        }
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
