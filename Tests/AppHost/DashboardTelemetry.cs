using System.Text.Json.Nodes;

namespace OrleansRpc.Tests.AppHost;

/// <summary>
/// The Aspire dashboard's telemetry API (<c>GET /api/telemetry/traces</c>, OTLP's JSON shape), as the test
/// runs the dashboard: open to anonymous callers (<c>ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS</c>).
/// </summary>
internal sealed class DashboardTelemetry(Uri dashboard) : IDisposable
{
    private readonly HttpClient _client = new() { BaseAddress = dashboard };

    /// <summary>A span the dashboard has received: the process (<c>service.name</c>) it came from.</summary>
    public sealed record Span(string Service, string TraceId, string Name, IReadOnlyDictionary<string, string> Attributes);

    public async Task<IReadOnlyList<Span>> SpansAsync()
    {
        var answer = JsonNode.Parse(await _client.GetStringAsync("/api/telemetry/traces"))!;
        var spans = new List<Span>();
        foreach (var resource in answer["data"]!["resourceSpans"]!.AsArray())
        {
            var service = Attributes(resource!["resource"]!["attributes"])["service.name"];
            foreach (var scope in resource["scopeSpans"]!.AsArray())
            {
                foreach (var span in scope!["spans"]!.AsArray())
                {
                    spans.Add(new Span(service, (string)span!["traceId"]!, (string)span["name"]!, Attributes(span["attributes"])));
                }
            }
        }

        return spans;
    }

    /// <summary>
    /// The spans of the trace that holds a span <paramref name="match"/> takes, once every process in
    /// <paramref name="services"/> has sent its part (each exports every second, Aspire's setting, so
    /// the parts arrive in any order: counting processes took a trace before the last one's part came).
    /// </summary>
    public async Task<IReadOnlyList<Span>> TraceAsync(Func<Span, bool> match, IReadOnlyCollection<string> services, TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        IReadOnlyList<Span> trace = [];
        while (DateTime.UtcNow < deadline)
        {
            var spans = await SpansAsync();
            if (spans.FirstOrDefault(match) is { } found)
            {
                trace = [.. spans.Where(span => span.TraceId == found.TraceId)];
                if (services.All(service => trace.Any(span => span.Service == service)))
                {
                    return trace;
                }
            }

            // The dashboard has no way to wait for a span; its batches arrive every second.
            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }

        throw new TimeoutException($"No trace with spans from {string.Join(", ", services)} within {patience}; the last one seen: {string.Join(", ", trace.Select(span => $"{span.Service}:{span.Name}"))}");
    }

    /// <summary>
    /// Waits until every one of <paramref name="resources"/> has sent the dashboard logs and metrics
    /// (<c>GET /api/telemetry/resources</c>: <c>hasLogs</c>, <c>hasMetrics</c>).
    /// </summary>
    public async Task LogsAndMetricsAsync(IReadOnlyCollection<string> resources, TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        string[] missing = [.. resources];
        while (DateTime.UtcNow < deadline)
        {
            var answer = JsonNode.Parse(await _client.GetStringAsync("/api/telemetry/resources"))!.AsArray();
            var complete = answer.Where(r => (bool?)r!["hasLogs"] == true && (bool?)r["hasMetrics"] == true).Select(r => (string)r!["name"]!).ToHashSet();
            missing = [.. resources.Where(resource => !complete.Contains(resource))];
            if (missing.Length == 0)
            {
                return;
            }

            // As above: the dashboard has no way to wait; each node exports every second.
            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }

        throw new TimeoutException($"No logs and metrics within {patience} from {string.Join(", ", missing)}");
    }

    public void Dispose() => _client.Dispose();

    private static Dictionary<string, string> Attributes(JsonNode? attributes) =>
        (attributes?.AsArray() ?? []).ToDictionary(a => (string)a!["key"]!, a => a!["value"]!.AsObject().First().Value?.ToString() ?? "");
}
