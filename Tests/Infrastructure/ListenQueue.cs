using System.Globalization;

namespace OrleansRpc.Tests.Infrastructure;

/// <summary>
/// A listening TCP socket's accept queue, as Linux reports it in <c>/proc/net/tcp</c>: for a socket in LISTEN,
/// its <c>rx_queue</c> is the connections the kernel has completed and the process not yet accepted.
/// </summary>
public sealed record ListenQueue(int Waiting)
{
    private const string Listen = "0A";

    /// <summary>The queue of the socket listening on <paramref name="port"/> on an IPv4 address.</summary>
    public static ListenQueue Read(int port)
    {
        var hexPort = port.ToString("X4", CultureInfo.InvariantCulture);
        foreach (var line in File.ReadLines("/proc/net/tcp").Skip(1))
        {
            // sl local_address rem_address st tx_queue:rx_queue ...
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields[1].EndsWith(":" + hexPort, StringComparison.Ordinal) && fields[3] == Listen)
            {
                return new ListenQueue(int.Parse(fields[4].Split(':')[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture));
            }
        }

        throw new InvalidOperationException($"No IPv4 socket listens on port {port}.");
    }
}
