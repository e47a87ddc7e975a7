namespace OrleansRpc.Benchmarks.Report;

/// <summary>A goal from the benchmark issue: the figure it is judged on and the threshold it must reach.</summary>
internal sealed record Target(string Description, string Goal, string FigureKey, bool AtLeast, double Threshold)
{
    // The targets of the issue that moved the product onto Orleans: every WebSocket and HTTP figure is
    // judged against a baseline that makes the same grain call, and the raw echo says what Orleans costs.
    public static readonly Target[] All =
    [
        new("JSON-RPC over WebSocket ÷ echo + one grain call, per server CPU-second, 64 conn × 1 in flight", "≥ 0.95", "ws.64x1.vs-echo-grain", true, 0.95),
        new("same, 16 in flight", "≥ 0.95", "ws.64x16.vs-echo-grain", true, 0.95),
        new("JSON-RPC over WebSocket ÷ raw echo (no grain call), 64 × 1", "≥ 0.80", "ws.64x1.vs-echo", true, 0.80),
        new("JSON-RPC over HTTP ÷ minimal API + one grain call", "≥ 0.90", "http.vs-minimal-grain", true, 0.90),
        new("same, clients that keep no cookie (a stateless call starts no session)", "≥ 0.90", "http.cookieless.vs-minimal-grain", true, 0.90),
        new("JSON-RPC over WebSocket ÷ SignalR hub calling the same grain (64 × 1 and 64 × 16; the lower counts)", "≥ 1.3", "ws.vs-signalr", true, 1.3),
        new("fan-out deliveries per server CPU-second ÷ raw echo messages per server CPU-second (10k group, one node)", "≥ 1.5", "fan-out.vs-echo", true, 1.5),
        new("fan-out ÷ SignalR `Groups.SendAsync` (10k group)", "≥ 1.5", "fan-out.vs-signalr", true, 1.5),
        new("idle memory per connection ÷ raw Kestrel WebSocket (managed heap, 10k connections)", "≤ 1.15", "memory.vs-echo", false, 1.15),
        new("server bytes allocated per `subtract` call over WebSocket, 64 × 1", "≤ 1 KiB", "ws.subtract-bytes", false, 1024),
        new("allocated bytes per `subtract` call in the dispatcher, steady state (BenchmarkDotNet, grain call included)", "≤ 1 KiB", "micro.subtract-bytes", false, 1024),
        new("gen2 collections during the JSON-RPC WebSocket runs", "0", "ws.gen2", false, 0),
        new("a streamed result of 100,000 small items (`IAsyncEnumerable<int>`, pulled page by page) ÷ the same items in one array answer, per server CPU-second", "≥ 0.5", "stream.vs-array", true, 0.5),
        new("cluster: fan-out deliveries per server CPU-second, 1,000 members split over two Gateways ÷ the same group on one node", "≥ 0.8", "cluster.fan-out-split", true, 0.8),
        new("cluster: cost per server CPU-second of a call whose grain lives on the other node ÷ one whose grain lives on the node called", "≤ 2", "cluster.remote-call-cost", false, 2),
        new("cluster: publish-to-last-delivery p99, 1,000 members split over two nodes, 50 publishes/s", "< 50 ms", "cluster.publish-p99", false, 50),
        new("cluster: a node killed with SIGKILL declared dead by the survivor (Orleans's default probes; its port refuses connections)", "≤ 2 s", "cluster.failure-detection", false, 2),
        new("cluster, reconnect storm: p99 of calls on the survivor while 10,000 clients of a killed node reconnect and rejoin ÷ the same calls before", "≤ 5", "storm.p99-ratio", false, 5),
        new("cluster, reconnect storm, the same with `MaxOpeningConnections` = 4 a core (off by default)", "≤ 5", "storm.p99-ratio-opening", false, 5),
        new("cluster, reconnect storm, the same with `MaxNewConnectionsPerSecond` = 250 (off by default)", "≤ 5", "storm.p99-ratio-paced", false, 5),
        new("cluster, reconnect storm: errors answered to those calls", "0", "storm.steady-errors", false, 0),
        new("cluster: failed calls on the survivor ÷ calls made there from a SIGKILL of the other node until a second after its death was declared (new connections; their grains, stateless, placed on the survivor)", "0", "cluster.kill-failed-calls", false, 0),
        new("concurrent connections on this machine (up to its file limit)", "≥ 19,000", "connections.max", true, 19_000),
        new("concurrent connections with raised limits", "≥ 50,000", "connections.raised", true, 50_000),
    ];

    public string Status(Figure? figure) => IsMet(figure) switch
    {
        null => "not measured",
        true => "met",
        false => "**missed**",
    };

    /// <summary>Null when the figure was not measured.</summary>
    public bool? IsMet(Figure? figure) => figure is null || double.IsNaN(figure.Value)
        ? null
        : AtLeast ? figure.Value >= Threshold : figure.Value <= Threshold;
}
