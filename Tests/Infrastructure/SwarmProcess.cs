using System.Globalization;
using OrleansRpc.Testing;

namespace OrleansRpc.Tests.Infrastructure;

/// <summary>
/// OrleansRpc.Swarm (many WebSocket clients) as a process of its own: one process may not hold both ends of
/// 10,000 connections within its file limit. It prints <c>joined n</c>, then <c>received n</c>, or
/// <c>error ...</c>: the test's barriers.
/// </summary>
public static class SwarmProcess
{
    public static TestProcess Start(Uri webSocketEndpoint, int clients, string group, int expectedNotifications) =>
        TestProcess.StartDotnet(
            Path.Combine(AppContext.BaseDirectory, "OrleansRpc.Swarm.dll"),
            null,
            webSocketEndpoint.ToString(), clients.ToString(CultureInfo.InvariantCulture), group, expectedNotifications.ToString(CultureInfo.InvariantCulture));

    /// <summary>The swarm's next report of the kind given, or its error, whichever it prints first.</summary>
    public static Task<string> ReportAsync(this TestProcess swarm, string kind, TimeSpan within) =>
        swarm.WaitForLineAsync(line => line.StartsWith(kind + " ", StringComparison.Ordinal) || line.StartsWith("error ", StringComparison.Ordinal), within);
}
