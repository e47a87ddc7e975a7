using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OrleansRpc.AppHost;

/// <summary>Healthy once Redis answers <c>PING</c> on its port: the nodes start after that.</summary>
public sealed class RedisPingCheck(int port) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray(), cancellationToken);
            var answer = new byte[7];
            var read = await stream.ReadAtLeastAsync(answer, 5, throwOnEndOfStream: false, cancellationToken);
            return Encoding.ASCII.GetString(answer, 0, read).StartsWith("+PONG", StringComparison.Ordinal)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"Redis answered PING with '{Encoding.ASCII.GetString(answer, 0, read).Trim()}'");
        }
        catch (SocketException e)
        {
            return HealthCheckResult.Unhealthy($"Redis does not answer on 127.0.0.1:{port}", e);
        }
    }
}
