using System.Diagnostics;
using System.Threading.Channels;

namespace OrleansRpc.Tests.Infrastructure;

/// <summary>
/// Runs OrleansRpc.Swarm (many WebSocket clients) as a process of its own: one process may not hold both
/// ends of 10,000 connections within its file limit. Its stdout lines are the test's barriers.
/// </summary>
public sealed class SwarmProcess : IDisposable
{
    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();

    private SwarmProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                _lines.Writer.TryComplete();
            }
            else
            {
                _lines.Writer.TryWrite(e.Data);
            }
        };
        _process.BeginOutputReadLine();
    }

    public static SwarmProcess Start(Uri webSocketEndpoint, int clients, string group, int expectedNotifications)
    {
        var swarm = Path.Combine(AppContext.BaseDirectory, "OrleansRpc.Swarm.dll");
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { swarm, webSocketEndpoint.ToString(), clients.ToString(System.Globalization.CultureInfo.InvariantCulture), group, expectedNotifications.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            info.ArgumentList.Add(argument);
        }

        return new SwarmProcess(Process.Start(info)!);
    }

    /// <summary>The next line the swarm printed; fails if none comes within the time given.</summary>
    public async Task<string> NextLineAsync(TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        return await _lines.Reader.ReadAsync(timeout.Token);
    }

    public async Task<int> ExitCodeAsync(TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        await _process.WaitForExitAsync(timeout.Token);
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }
}
