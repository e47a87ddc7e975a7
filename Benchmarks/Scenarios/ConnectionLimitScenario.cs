using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Net.WebSockets;
using OrleansRpc.Benchmarks.Load;

namespace OrleansRpc.Benchmarks.Scenarios;

/// <summary>
/// The most concurrent JSON-RPC WebSocket connections one server process holds here: clients in two
/// processes of their own, from several loopback source addresses, open connections until something
/// refuses. Afterwards the server must still accept and answer.
/// </summary>
internal sealed class ConnectionLimitScenario : IScenario
{
    private const int Holders = 2;
    private const int SourceAddresses = 4;

    public string Name => "connections";

    public async Task RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        var goal = context.Settings.Size(24_000, 1_000);
        var section = context.Report.AddSection(
            "Concurrent connections",
            $"Open JSON-RPC WebSockets held at once: {Holders} client processes, {SourceAddresses} loopback source addresses, aiming for {goal:N0} in all (past the server's file limit on this machine).",
            "client process", "connected", "how it ended");
        var uri = ClientSockets.WebSocketUri(context.Server.Address, "/ws");
        var before = await context.Server.SnapshotAsync();
        var holders = new List<Process>();
        try
        {
            var results = new string[Holders];
            var share = goal / Holders;
            for (var i = 0; i < Holders; i++)
            {
                holders.Add(Process.Start(SelfStart.Info("hold", uri.ToString(), share.ToString(CultureInfo.InvariantCulture), SourceAddresses.ToString(CultureInfo.InvariantCulture)))!);
            }

            // One at a time would leave the second holder starting past the limit; they race, as real clients do.
            await Task.WhenAll(holders.Select(async (holder, i) => results[i] = await LastLineAsync(holder, context.Log, cancellationToken)));
            var total = 0;
            for (var i = 0; i < Holders; i++)
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
        }
        finally
        {
            foreach (var holder in holders)
            {
                holder.StandardInput.Close();
                await holder.WaitForExitAsync(cancellationToken);
                holder.Dispose();
            }
        }

        await IdleMemoryScenario.WaitUntilClosedAsync(context.Server, before.OpenFiles, cancellationToken);
        section.Notes.Add(await StillAnswersAsync(uri, cancellationToken)
            ? "Afterwards the server accepted a new connection and answered a call."
            : "**Afterwards the server did not accept a new connection.**");
        section.Notes.Add($"This process may open at most {FileLimit()} files and cannot raise it (no CAP_SYS_RESOURCE in this sandbox), so the ≥ 50,000 target with raised limits cannot be tried here.");
        context.Report.SetFigure("connections.raised", double.NaN, "cannot raise the file limit here");
    }

    private static async Task<string> LastLineAsync(Process holder, TextWriter log, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(5));
        while (await holder.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith("done ", StringComparison.Ordinal) || line.StartsWith("failed ", StringComparison.Ordinal))
            {
                log.WriteLine($"  holder {holder.Id}: {line}");
                return line;
            }
        }

        throw new InvalidOperationException($"Connection holder {holder.Id} ended without a result: {await holder.StandardError.ReadToEndAsync(cancellationToken)}");
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

    private static string FileLimit()
    {
        var line = File.ReadLines("/proc/self/limits").FirstOrDefault(l => l.StartsWith("Max open files", StringComparison.Ordinal));
        var fields = line?["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields is { Length: >= 2 } ? $"{fields[0]} (hard {fields[1]})" : "an unknown number of";
    }
}
