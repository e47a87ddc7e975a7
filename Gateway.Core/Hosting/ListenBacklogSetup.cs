using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Options;
using OrleansRpc.Gateway.Connections;

namespace OrleansRpc.Gateway.Hosting;

/// <summary>
/// When the node paces new connections, makes the listen backlog, where the connections past the pace wait
/// (<see cref="PacedConnectionListener"/>), hold ten seconds of the pace. Past the backlog the kernel drops a
/// connection's SYN and its client's TCP sends it again 1, 3, 7, 15 s later, so with Kestrel's 512 a herd
/// of 10,000 at 250 a second came back in 49 s where its pace allows 40 (Benchmarks/Findings.md). The kernel
/// caps the backlog (<c>net.core.somaxconn</c> on Linux, 4096 by default).
/// </summary>
internal sealed class ListenBacklogSetup(ConnectionPacing pacing) : IConfigureOptions<SocketTransportOptions>
{
    public void Configure(SocketTransportOptions options)
    {
        if (pacing.Paces)
        {
            options.Backlog = (int)Math.Max(options.Backlog, Math.Min(int.MaxValue, 10L * pacing.PerSecond));
        }
    }
}
