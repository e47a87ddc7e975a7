using System.Text.Json;

namespace OrleansRpc.Grains.Connections;

/// <summary>
/// What a connection's grain knows that must outlive its activation while the socket is open: the groups
/// it is in and its channel_session. Orleans may deactivate a grain at any time (when a node dies, the
/// activations registered in that node's part of the directory go), and the grain, activated again on the
/// same node, takes it up here.
/// </summary>
internal sealed class ConnectionNodeState
{
    public HashSet<string> Groups { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, JsonElement> ChannelSession { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Set (under the state's lock) by whichever closes the connection first, the gateway or the grain's
    /// deactivation, and completed once every group has counted the leave: the other then waits for it,
    /// so a connection grain is gone only after its groups no longer count it.
    /// </summary>
    public Task? Closed { get; set; }
}
