using System.Net.Http.Json;
using OrleansRpc.Benchmarks.Server;
using OrleansRpc.Testing;

namespace OrleansRpc.Benchmarks.Load;

/// <summary>The server, run as a child process of the load generator (this same program with the <c>server</c> role).</summary>
internal sealed class ServerProcess : IMeasuredServer, IAsyncDisposable
{
    private readonly TestProcess _process;
    private readonly HttpClient _diagnostics;

    private ServerProcess(TestProcess process, Uri address)
    {
        _process = process;
        Address = address;
        _diagnostics = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = address, Timeout = TimeSpan.FromMinutes(1) };
    }

    public Uri Address { get; }

    public int Pid => _process.Pid;

    /// <param name="arguments">Configuration for the server's host (<c>--Key=value</c>).</param>
    public static async Task<ServerProcess> StartAsync(params string[] arguments)
    {
        var process = SelfStart.Start(["server", .. arguments]);
        try
        {
            var line = await process.WaitForLineAsync(l => l.StartsWith("listening ", StringComparison.Ordinal), TimeSpan.FromMinutes(1));
            return new ServerProcess(process, new Uri(line.Split(' ')[1]));
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    public TimeSpan CpuTime() => ProcessCpu.Read(_process.Pid);

    public async Task<ServerSnapshot> SnapshotAsync(bool collect = false) =>
        (await _diagnostics.GetFromJsonAsync<ServerSnapshot>($"{BenchmarkServer.DiagnosticsPath}?gc={(collect ? "true" : "false")}"))!;

    /// <summary>Ends it at once, as a crash or a power cut would: no goodbye to its cluster.</summary>
    public void Kill() => _process.Kill();

    public async ValueTask DisposeAsync()
    {
        _diagnostics.Dispose();

        // Its input closing is the server's word to stop; one that does not within 30 s is killed.
        try
        {
            _process.CloseInput();
            await _process.ExitCodeAsync(TimeSpan.FromSeconds(30));
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or InvalidOperationException)
        {
        }

        await _process.DisposeAsync();
    }
}
