using System.Globalization;
using System.Net.Sockets;
using System.Net.WebSockets;
using OrleansRpc.Benchmarks.Load;

using OrleansRpc.Testing;

namespace OrleansRpc.Benchmarks.Scenarios;

/// <summary>
/// The most concurrent JSON-RPC WebSocket connections one server process holds here: clients in processes
/// of their own, from several loopback source addresses, open connections until something refuses or the
/// goal is reached. Where the file limit could be raised to <see cref="FilesWanted"/>, the goal is past
/// 50,000; where not, past the file limit, to show what stops it. Afterwards the server must still accept
/// and answer.
/// </summary>
internal sealed class ConnectionLimitScenario : IScenario
{
    /// <summary>What the load generator raises the file limit to for itself, the server and the holders.</summary>
    public const ulong FilesWanted = 65_536;

    private const int RaisedGoal = 60_000;
    private const int PastTheLimit = 4_000;
    private const int HolderReserve = 256;
    private const int SourceAddresses = 4;

    public string Name => "connections";

    public async Task RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        var uri = ClientSockets.WebSocketUri(context.Server.Address, "/ws");
        var before = await context.Server.SnapshotAsync();

        // The server and the holders inherited the load generator's limit, so one figure serves for all.
        var raised = context.FileLimit.Reached && before.FileLimit >= (long)FilesWanted;
        var goal = context.Settings.Size(raised ? RaisedGoal : (int)before.FileLimit + PastTheLimit, 1_000);
        var holderCount = Math.Max(2, (int)Math.Ceiling(goal / (double)Math.Max(1, before.FileLimit - HolderReserve)));
        var section = context.Report.AddSection(
            "Concurrent connections",
            string.Create(CultureInfo.InvariantCulture, $"Open JSON-RPC WebSockets held at once: {holderCount} client processes, {SourceAddresses} loopback source addresses, aiming for {goal:N0} in all ({(raised ? "past 50,000" : "past the server's file limit")}; the limit is {before.FileLimit:N0} files per process)."),
            "client process", "connected", "how it ended");
        var holders = new List<TestProcess>();
        try
        {
            var results = new string[holderCount];
            var share = goal / holderCount;
            for (var i = 0; i < holderCount; i++)
            {
                holders.Add(SelfStart.Start("hold", uri.ToString(), share.ToString(CultureInfo.InvariantCulture), SourceAddresses.ToString(CultureInfo.InvariantCulture)));
            }

            // One at a time would leave the second holder starting past the limit; they race, as real clients do.
            await Task.WhenAll(holders.Select(async (holder, i) => results[i] = await LastLineAsync(holder, context.Log, cancellationToken)));
            var total = 0;
            for (var i = 0; i < holderCount; i++)
            {
                var fields = results[i].Split(' ', 3);
                var connected = int.Parse(fields[1], CultureInfo.InvariantCulture);
                total += connected;
                section.Add($"{i + 1}", connected.ToString("N0", CultureInfo.InvariantCulture), fields[0] == "done" ? "reached its share" : fields[2]);
            }

            string serverState;
            try
            {
                var held = await context.Server.SnapshotAsync();
                serverState = $"the server had {held.OpenFiles:N0} files open of its limit of {held.FileLimit:N0} ({before.OpenFiles:N0} before the clients came); its connection budget is {held.ConnectionBudget:N0} and it refused {held.ConnectionsRefused - before.ConnectionsRefused:N0}";
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                serverState = $"the server's diagnostics could not be reached ({ex.Message})";
            }

            section.Add("all", $"**{total:N0}**", serverState);
            context.Report.SetFigure("connections.max", total, total.ToString("N0", CultureInfo.InvariantCulture));
            if (raised)
            {
                context.Report.SetFigure("connections.raised", total, total.ToString("N0", CultureInfo.InvariantCulture));
            }
        }
        finally
        {
            foreach (var holder in holders)
            {
                // Its input closing is the holder's word to let go of its connections and end.
                holder.CloseInput();
                await holder.ExitCodeAsync(TimeSpan.FromMinutes(1));
                await holder.DisposeAsync();
            }
        }

        await IdleMemoryScenario.WaitUntilClosedAsync(context.Server, before.OpenFiles, cancellationToken);
        section.Notes.Add(await StillAnswersAsync(uri, cancellationToken)
            ? "Afterwards the server accepted a new connection and answered a call."
            : "**Afterwards the server did not accept a new connection.**");
        section.Notes.Add(context.FileLimit.Describe() + (raised ? string.Empty : " So the ≥ 50,000 target with raised limits cannot be tried here."));
        if (!raised)
        {
            context.Report.SetFigure("connections.raised", double.NaN, "the file limit could not be raised");
        }
    }

    private static async Task<string> LastLineAsync(TestProcess holder, TextWriter log, CancellationToken cancellationToken)
    {
        try
        {
            var line = await holder.WaitForLineAsync(l => l.StartsWith("done ", StringComparison.Ordinal) || l.StartsWith("failed ", StringComparison.Ordinal), TimeSpan.FromMinutes(5)).WaitAsync(cancellationToken);
            log.WriteLine($"  holder {holder.Pid}: {line}");
            return line;
        }
        catch (TimeoutException ex)
        {
            throw new InvalidOperationException($"Connection holder {holder.Pid} gave no result: {ex.Message}", ex);
        }
    }

    private static async Task<bool> StillAnswersAsync(Uri uri, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        try
        {
            using var socket = await new WebSocketConnector().ConnectAsync(uri, timeout.Token);
            await socket.SendAsync(Endpoints.SubtractBody, timeout.Token);
            var answer = await socket.ReceiveAsync(timeout.Token);
            return answer.Span.IndexOf("\"result\":19"u8) >= 0;
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or SocketException)
        {
            return false;
        }
    }
}
