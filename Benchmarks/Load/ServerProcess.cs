using System.Diagnostics;
using System.Net.Http.Json;
using OrleansRpc.Benchmarks.Server;

namespace OrleansRpc.Benchmarks.Load;

/// <summary>The server, run as a child process of the load generator (this same program with the <c>server</c> role).</summary>
internal sealed class ServerProcess : IAsyncDisposable
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

    public static async Task<ServerProcess> StartAsync()
    {
        var process = Process.Start(SelfStart.Info("server"))!;
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
                return new ServerProcess(process, new Uri(line["listening ".Length..]));
            }
        }
    }

    public TimeSpan CpuTime() => ProcessCpu.Read(_process.Id);

    /// <param name="collect">Force a full, compacting collection first, so that heap and RSS are what is alive.</param>
    public async Task<ServerSnapshot> SnapshotAsync(bool collect = false) =>
        (await _diagnostics.GetFromJsonAsync<ServerSnapshot>($"{BenchmarkServer.DiagnosticsPath}?gc={(collect ? "true" : "false")}"))!;

    public async ValueTask DisposeAsync()
    {
        _diagnostics.Dispose();
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
