using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;

namespace OrleansRpc.Benchmarks.Load;

/// <summary>
/// The same subtract request POSTed over N keep-alive HTTP/1.1 connections, one request in flight on
/// each. Cookies are kept, as a browser would, unless the load stands for clients that keep none (a
/// server calling stateless methods, <c>curl</c>).
/// </summary>
internal sealed class HttpRequestLoad : IWorkload
{
    private static readonly MediaTypeHeaderValue s_json = new("application/json");

    private readonly Uri _endpoint;
    private readonly byte[] _body;
    private readonly int _connections;
    private readonly HttpClient _client;
    private readonly CancellationTokenSource _stop = new();
    private Task[] _loops = [];

    public HttpRequestLoad(string name, Uri endpoint, byte[] body, int connections, bool keepCookies = true)
    {
        Name = $"{name}, {connections} connections";
        _endpoint = endpoint;
        _body = body;
        _connections = connections;
        _client = new HttpClient(new SocketsHttpHandler
        {
            UseProxy = false,
            MaxConnectionsPerServer = connections,
            UseCookies = keepCookies,
            CookieContainer = new CookieContainer(),
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        });
    }

    public string Name { get; }

    public LoadCounters Counters { get; } = new();

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _loops = [.. Enumerable.Range(0, _connections).Select(_ => Task.Run(() => Counters.RunAsync(LoopAsync, _stop.Token), cancellationToken))];
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_loops);
        _client.Dispose();
        _stop.Dispose();
    }

    private async Task LoopAsync(CancellationToken stop)
    {
        var content = new ByteArrayContent(_body);
        content.Headers.ContentType = s_json;
        while (true)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await _client.PostAsync(_endpoint, content, stop);
            var answer = await response.Content.ReadAsByteArrayAsync(stop);
            if (response.StatusCode != HttpStatusCode.OK || answer.AsSpan().IndexOf("\"result\":19"u8) < 0)
            {
                throw new InvalidOperationException($"HTTP {(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(answer)}");
            }

            Counters.Latency.RecordSince(started);
            Counters.Completed();
        }
    }
}
