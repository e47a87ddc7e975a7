using System.Diagnostics;
using System.Net.Http.Json;
using OrleansRpc.Benchmarks.Server;

namespace OrleansRpc.Benchmarks.Load;

/// <summary>The server, run as a child process of the load generator (this same program with the <c>server</c> role).</summary>
internal sealed class ServerProcess : IMeasuredServer, IAsyncDisposable
{
    private readonly Process _process;
    private readonly HttpClient _diagnostics;

    private ServerProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
        _diagnostics = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = address, Timeout = TimeSpan.FromMinutes(1) };
    }

    public Uri Address { get; }

    public int Pid => _process.Id;

    /// <param name="arguments">Configuration for the server's host (<c>--Key=value</c>).</param>
    public static async Task<ServerProcess> StartAsync(params string[] arguments)
    {
        var process = Process.Start(SelfStart.Info(["server", .. arguments]))!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        while (true)
        {
            var line = await process.StandardOutput.ReadLineAsync(timeout.Token)
                ?? throw new InvalidOperationException($"The server process ended before it listened: {await process.StandardError.ReadToEndAsync()}");
            if (line.StartsWith("listening ", StringComparison.Ordinal))
            {
                // Keep draining its output so that it never blocks on a full pipe.
                _ = process.StandardOutput.ReadToEndAsync();
                _ = process.StandardError.ReadToEndAsync();
                return new ServerProcess(process, new Uri(line.Split(' ')[1]));
            }
        }
    }

    public TimeSpan CpuTime() => ProcessCpu.Read(_process.Id);

    public async Task<ServerSnapshot> SnapshotAsync(bool collect = false) =>
        (await _diagnostics.GetFromJsonAsync<ServerSnapshot>($"{BenchmarkServer.DiagnosticsPath}?gc={(collect ? "true" : "false")}"))!;

    /// <summary>Ends it at once, as a crash or a power cut would: no goodbye to its cluster.</summary>
    public void Kill() => _process.Kill();

    public async ValueTask DisposeAsync()
    {
        _diagnostics.Dispose();
        if (_process.HasExited)
        {
            _process.Dispose();
            return;
        }

        _process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }
}
