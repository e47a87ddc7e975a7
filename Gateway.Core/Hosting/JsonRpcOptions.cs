using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Json;
using Orleans;
using OrleansRpc.Rpc;
using OrleansRpc.Serialization;

namespace OrleansRpc.Gateway.Hosting;

/// <summary>
/// Protocol limits and behaviour of the gateway (the README's "Options" and "Limits"; ARCHITECTURE.md,
/// "Bounds"). Every default can be changed.
/// </summary>
public sealed class JsonRpcOptions
{
    /// <summary>
    /// How params are read and results written: the equivalent of the original library's custom JSON
    /// encoder. Converters, naming policy and encoder set here apply to every method.
    /// </summary>
    /// <remarks>
    /// The defaults are <see cref="RpcSerializer.CreateDefaultOptions"/>. The node's grains use the same
    /// options (<see cref="RpcSerializer"/>): notifications read like answers, and plain values cross
    /// grain calls with them.
    /// </remarks>
    public JsonSerializerOptions SerializerOptions { get; set; } = RpcSerializer.CreateDefaultOptions();

    /// <summary>
    /// The grain interfaces whose <c>[JsonRpcMethod]</c> and <c>[JsonRpcNotification]</c> methods are
    /// served. Orleans hosts every grain class the host references; only the interfaces listed here are
    /// callable over JSON-RPC, so a library's or a demo's grains are never exposed by accident.
    /// </summary>
    public ISet<Type> GrainInterfaces { get; } = new HashSet<Type>();

    /// <summary>Serves the RPC methods of <typeparamref name="TGrainInterface"/>.</summary>
    public JsonRpcOptions AddGrainInterface<TGrainInterface>() where TGrainInterface : IGrainWithStringKey
    {
        GrainInterfaces.Add(typeof(TGrainInterface));
        return this;
    }

    /// <summary>Serves the RPC methods of every grain interface of the assembly that declares any.</summary>
    public JsonRpcOptions AddGrainInterfaces(Assembly assembly)
    {
        foreach (var type in assembly.GetExportedTypes())
        {
            if (type.IsInterface && typeof(IGrainWithStringKey).IsAssignableFrom(type) && RpcGrainKeys.HasRpcMethods(type))
            {
                GrainInterfaces.Add(type);
            }
        }

        return this;
    }

    public string HttpPath { get; set; } = "/rpc";

    public string WebSocketPath { get; set; } = "/ws";

    /// <summary>
    /// Answer <c>rpc.discover</c> and serve <see cref="OpenRpcPath"/>: the OpenRPC document of every method
    /// served, with JSON Schemas of their parameters and results. Off, neither exists.
    /// </summary>
    public bool Discovery { get; set; } = true;

    /// <summary>Where the OpenRPC document is served with GET, when <see cref="Discovery"/> is on.</summary>
    public string OpenRpcPath { get; set; } = "/openrpc.json";

    /// <summary>Where the browser client, an ES module, is served; null serves none.</summary>
    public string? ClientScriptPath { get; set; } = "/orleansrpc.js";

    /// <summary>
    /// A WebSocket message larger than this closes the connection with 1009. A compressed message counts
    /// twice: as it arrives, and as it inflates.
    /// </summary>
    public int MaxWebSocketMessageBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// Agree to permessage-deflate (RFC 7692) with WebSocket clients that offer it, as browsers do. It trades
    /// CPU, and under client context takeover about 50 KiB per connection for its inflater, for bandwidth.
    /// Off by default.
    /// </summary>
    public bool WebSocketCompression { get; set; }

    /// <summary>Under <see cref="WebSocketCompression"/>, messages the server sends shorter than this go uncompressed.</summary>
    public int WebSocketCompressionThreshold { get; set; } = 1024;

    /// <summary>
    /// Under <see cref="WebSocketCompression"/>, let clients refer back to their earlier messages, which
    /// compresses small requests far better. False asks every client for <c>client_no_context_takeover</c>,
    /// so no connection keeps an inflater between messages.
    /// </summary>
    public bool WebSocketCompressionClientContextTakeover { get; set; } = true;

    /// <summary>An HTTP body larger than this is answered with 413.</summary>
    public int MaxHttpBodyBytes { get; set; } = 1024 * 1024;

    public int MaxBatchSize { get; set; } = 100;

    /// <summary>
    /// The most bytes one answer, or a whole batch's answers together, may take. A result past it is
    /// answered -32006 instead (in a batch: the results that did not fit), and is never held whole.
    /// </summary>
    public int MaxResponseBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Deeper JSON is refused with -32600 before anything is bound.</summary>
    public int MaxDepth { get; set; } = 64;

    /// <summary>Messages of one WebSocket connection being processed at once; past it the socket is not read.</summary>
    public int MaxInFlightPerConnection { get; set; } = 64;

    /// <summary>Notifications waiting for one connection's socket; past it <see cref="SlowConsumerPolicy"/> applies.</summary>
    public int MaxOutboundQueue { get; set; } = 1024;

    public SlowConsumerPolicy SlowConsumerPolicy { get; set; } = SlowConsumerPolicy.Close;

    /// <summary>
    /// Bytes of answers and WebSocket control frames that may wait for one connection's socket. Past it
    /// the socket is not read until they drain; an answer that finds four times as many waiting closes
    /// the connection with 1008.
    /// </summary>
    public int MaxOutboundBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>
    /// How long a write may wait for a client to read: a WebSocket from which nothing sent moves within it
    /// is closed with 1008, an HTTP answer is cut off. <see cref="Timeout.InfiniteTimeSpan"/> turns it off.
    /// </summary>
    public TimeSpan WriteTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Bytes of answers that may wait for their sockets on this node, over every connection. A result that
    /// finds no room is answered -32006 instead. Null: a quarter of the memory the GC may use.
    /// </summary>
    public long? MaxAnswerBytesPerNode { get; set; }

    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A connection whose pong does not arrive this long after a ping is closed.</summary>
    public TimeSpan KeepAliveTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A WebSocket message must arrive whole within this time of its first frame, or the connection is
    /// closed with 1008: a client that trickles a message byte by byte holds its buffer no longer.
    /// Checked by the keep-alive's walks, so it is noticed up to a quarter of the shortest period late.
    /// <see cref="Timeout.InfiniteTimeSpan"/> turns it off.
    /// </summary>
    public TimeSpan MaxMessageTime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a grain call that provably never reached its grain (its node was gone, or so was the
    /// directory entry that finds it) is made again, from its first failure, before it is answered -32004.
    /// A node's crash is declared within about a second, after which Orleans places the grain on a
    /// survivor, so such a call is answered rather than failed. <see cref="TimeSpan.Zero"/> turns it off.
    /// </summary>
    public TimeSpan UndeliveredCallRetryTime { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Origins allowed to open a WebSocket besides the gateway's own; requests without Origin are allowed.</summary>
    public IList<string> AllowedOrigins { get; } = [];

    /// <summary>
    /// WebSocket subprotocols the endpoint speaks, in order of preference among those a client offers. A
    /// client that offers none gets none; one that offers only others is refused with 400.
    /// </summary>
    public IList<string> SubProtocols { get; } = ["jsonrpc", "jsonrpc-2.0"];

    /// <summary>The cookie that carries the browser session id.</summary>
    public string SessionCookieName { get; set; } = "orpc_session";

    /// <summary>
    /// Client connections (HTTP and WebSocket) held at once; past it new ones are closed on accept. Null:
    /// the process's file limit less <see cref="ReservedFileDescriptors"/>, or no limit where the platform
    /// does not tell.
    /// </summary>
    public long? MaxConnections { get; set; }

    /// <summary>
    /// TCP connections (HTTP and WebSocket) one remote address may hold at once; past it, new ones are
    /// closed on accept. It counts the connection's peer: behind a reverse proxy that is the proxy, so
    /// raise it or turn it off there (zero or less: no limit). High by default, since users behind one NAT
    /// share an address; it keeps one client from holding the whole <see cref="MaxConnections"/>.
    /// </summary>
    public int MaxConnectionsPerAddress { get; set; } = 2000;

    /// <summary>
    /// New TCP connections the node admits per second, from every address together; past it a connection
    /// waits for its turn in the kernel's listen backlog, not accepted (it is not refused; past the backlog,
    /// the kernel drops its SYN and the client's TCP sends it again). What keeps the clients of a node that
    /// died, all reconnecting at once, from taking the CPU from the connections already open. Requests on
    /// open connections are never paced. It trades the herd's time to come back for the others' latency
    /// (Benchmarks/Findings.md, "The reconnect storm"), so it is the operator's to set. Zero or less (the
    /// default): no pacing.
    /// </summary>
    public int MaxNewConnectionsPerSecond { get; set; }

    /// <summary>
    /// Connections the node opens at once, from every address together: from a connection's first bytes to its
    /// first answer (a WebSocket's first JSON-RPC answer; an HTTP request's answer), or
    /// <see cref="MaxOpeningTime"/>; a WebSocket puts its turn down while the server waits for its client's
    /// first message, so no client's round trip is spent holding one. Past it a connection waits, accepted and
    /// unread, for a turn (it is not refused). It keeps a herd of reconnecting clients (those of a node that
    /// died) to a few openings' work at a time, so the connections already open keep more of their latency,
    /// and lets the herd in as fast as the node opens connections, without a rate to choose: 4 a core about
    /// halved the survivor's p99 during the benchmark's reconnect storm (Benchmarks/Findings.md, "The reconnect
    /// storm: a few openings at a time"). A connection that sends nothing takes no turn, but one that stops
    /// after its first bytes holds its turn for <see cref="MaxOpeningTime"/>: a flood of those would slow every
    /// new connection, so it is the operator's to turn on, for nodes whose clients cannot flood them (behind a
    /// load balancer that limits each address). Zero or less (the default): no limit.
    /// </summary>
    public int MaxOpeningConnections { get; set; }

    /// <summary>How long one connection may hold its turn at being opened (<see cref="MaxOpeningConnections"/>).</summary>
    public TimeSpan MaxOpeningTime { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// WebSockets one remote address may hold at once; past it, upgrades get 503. High by default, since
    /// users behind one NAT share an address.
    /// </summary>
    public int MaxWebSocketsPerAddress { get; set; } = 1000;

    /// <summary>
    /// WebSocket upgrades one remote address may make per second (a burst of as many, refilled each
    /// second); past it, upgrades get 429 with Retry-After. Zero or less: no limit.
    /// </summary>
    public int MaxWebSocketUpgradesPerSecondPerAddress { get; set; } = 100;

    /// <summary>
    /// Calls (and notifications; each element of a batch counts) one remote address may make per second,
    /// over HTTP and WebSocket together: a burst of as many, refilled each second; past it a call is
    /// answered -32003 and a notification is dropped. Zero or less (the default): no limit, since users
    /// behind one NAT share an address and a service's fair rate is the service's to say.
    /// </summary>
    public int MaxCallsPerSecondPerAddress { get; set; }

    /// <summary>
    /// New browser sessions one remote address may start per second (a burst of as many, refilled each
    /// second): each may hold a mebibyte, so a client that drops its cookie on every call must not make
    /// them without end. Past it the request has no session, and a method that needs one answers -32003.
    /// Zero or less: no limit.
    /// </summary>
    public int MaxNewSessionsPerSecondPerAddress { get; set; } = 10;

    /// <summary>File descriptors kept for everything that is not a client connection (threads, files, database connections).</summary>
    public int ReservedFileDescriptors { get; set; } = 512;

    /// <summary>Show the messages of unexpected exceptions to clients. Null: only in the Development environment.</summary>
    public bool? DetailedErrors { get; set; }
}
