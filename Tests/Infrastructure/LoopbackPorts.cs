using System.Net;
using System.Net.Sockets;

namespace OrleansRpc.Tests.Infrastructure;

/// <summary>Ports on the loopback address for servers the tests start, or for a test that needs none to answer.</summary>
internal static class LoopbackPorts
{
    /// <summary>A port the system handed out and that is closed again: nothing listens there until someone takes it.</summary>
    public static int Unused()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
