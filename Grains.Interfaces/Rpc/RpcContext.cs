using System.Net;
using System.Security.Claims;
using Orleans;
using Orleans.Concurrency;
using Orleans.Runtime;
using Orleans.Serialization;
using OrleansRpc.Connections;
using OrleansRpc.Sessions;

namespace OrleansRpc.Rpc;

/// <summary>
/// Who is calling and over what. Injected into any RPC method parameter of this type, never bound from
/// <c>params</c>; it travels with each call as data (the user as a snapshot of its claims), so a method
/// sees the same context on whichever silo its grain lives, and concurrent calls never see each other's.
/// </summary>
/// <remarks>
/// [Immutable]: a context never changes once made, so a call to a grain on the same silo passes it
/// without the deep copy Orleans makes of every other argument.
/// </remarks>
// The callbacks: Orleans calls IOnDeserialized only for a type that names them, and without it a context that
// crossed nodes had no grain factory (its ConnectionGrain and SessionGrain threw).
[GenerateSerializer, Immutable, Alias("orpc.RpcContext"), SerializationCallbacks(typeof(OnDeserializedCallbacks))]
public sealed class RpcContext : IOnDeserialized
{
    public RpcContext(
        string connectionId,
        RpcTransport transport,
        ClaimsPrincipal user,
        IPAddress? remoteAddress,
        string? sessionId,
        IGrainFactory grainFactory)
    {
        ConnectionId = connectionId;
        Transport = transport;
        User = user;
        RemoteAddress = remoteAddress;
        SessionId = sessionId;
        _grainFactory = grainFactory;
    }

    [NonSerialized]
    private IGrainFactory _grainFactory;

    [Id(0)]
    public string ConnectionId { get; private set; }

    [Id(1)]
    public RpcTransport Transport { get; private set; }

    [Id(2)]
    public ClaimsPrincipal User { get; private set; }

    [Id(3)]
    public IPAddress? RemoteAddress { get; private set; }

    /// <summary>The browser session's id from the session cookie, or null when there is none.</summary>
    [Id(4)]
    public string? SessionId { get; private set; }

    /// <summary>The grain factory of the silo the context is on: set again when it arrives on another.</summary>
    public IGrainFactory GrainFactory => _grainFactory;

    /// <summary>This connection's grain: its <c>channel_session</c> and what is known about it.</summary>
    public IConnectionGrain ConnectionGrain => GrainFactory.GetGrain<IConnectionGrain>(ConnectionId);

    /// <summary>
    /// The browser session's grain, shared with the session's other connections. A connection has none
    /// when its address started more sessions in a second than the gateway allows; the caller is then
    /// told -32003, as for any other rate.
    /// </summary>
    public ISessionGrain SessionGrain => GrainFactory.GetGrain<ISessionGrain>(
        SessionId ?? throw new JsonRpcException(JsonRpcErrorCodes.ServerBusy, "Server busy", "This connection has no browser session: its address started more new sessions this second than it may; try again in a second, or with the session cookie."));

    void IOnDeserialized.OnDeserialized(DeserializationContext context) =>
        _grainFactory = (IGrainFactory)context.ServiceProvider.GetService(typeof(IGrainFactory))!;
}
