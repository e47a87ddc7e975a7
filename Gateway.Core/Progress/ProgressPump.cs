using Orleans;
using OrleansRpc.Gateway.Dispatch;
using OrleansRpc.Grains.Progress;

namespace OrleansRpc.Gateway.Progress;

/// <summary>
/// Sends a call's progress reports as <c>$/progress</c> while it runs, and its last ones before its answer:
/// for a method with an <c>IProgress&lt;T&gt;</c> parameter the invoker awaits the call through here. While
/// the grain call runs, the gateway takes its reports from the grain's node (<see cref="IProgressExtension"/>,
/// a long poll); once it has returned, it takes what is left, which holds every report made before the method
/// returned, and only then is the answer written. ARCHITECTURE.md, "Progress".
/// </summary>
internal static class ProgressPump
{
    public static ValueTask<T> AfterReportsOf<T>(ValueTask<T> pending, IGrain grain, RpcCall call, object? progress) =>
        progress is RpcProgress { Token: not null } reporting ? new(WithReportsAsync(pending.AsTask(), grain, call, reporting)) : pending;

    public static ValueTask AfterReports(ValueTask pending, IGrain grain, RpcCall call, object? progress) =>
        progress is RpcProgress { Token: not null } reporting ? new(WithReportsAsync(pending.AsTask(), grain, call, reporting)) : pending;

    private static async Task<T> WithReportsAsync<T>(Task<T> call, IGrain grain, RpcCall rpcCall, RpcProgress progress)
    {
        await PumpAsync(call, grain, rpcCall, progress);
        return await call;
    }

    private static async Task WithReportsAsync(Task call, IGrain grain, RpcCall rpcCall, RpcProgress progress)
    {
        await PumpAsync(call, grain, rpcCall, progress);
        await call;
    }

    /// <summary>Returns once the call is over and its reports sent; never throws.</summary>
    private static async Task PumpAsync(Task call, IGrain grain, RpcCall rpcCall, RpcProgress progress)
    {
        var sender = new Sender(rpcCall, progress);
        var reports = grain.AsReference<IProgressExtension>();
        try
        {
            while (!call.IsCompleted)
            {
                var take = reports.Take(progress.CallId, sender.Sent, final: false);
                await Task.WhenAny(call, take);
                if (!take.IsCompleted)
                {
                    // The call is over; this take ends when the last one below finishes the call's reports.
                    _ = take.ContinueWith(static t => t.Exception, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously);
                    break;
                }

                sender.Send(await take);
            }
        }
        catch (Exception ex)
        {
            DispatchLog.ProgressFailed(sender.Logger, ex, sender.MethodName, sender.ConnectionId);
        }

        await call.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (call.Exception?.InnerException is { } failure && UndeliveredCall.NeverRan(failure))
        {
            // The grain never had the call, which is made again (RpcCall.FailOrRetry): its reports stay open.
            return;
        }

        try
        {
            sender.Send(await reports.Take(progress.CallId, sender.Sent, final: true));
        }
        catch (Exception ex)
        {
            DispatchLog.ProgressFailed(sender.Logger, ex, sender.MethodName, sender.ConnectionId);
        }
    }

    /// <summary>Writes reports in their order, each once, through the node's delivery seam.</summary>
    private sealed class Sender(RpcCall call, RpcProgress progress)
    {
        private readonly Delivery.NodeConnections _connections = call.Dispatcher.Connections;
        private readonly byte[] _token = progress.Token!;

        public Microsoft.Extensions.Logging.ILogger Logger { get; } = call.Dispatcher.Logger;

        public string MethodName { get; } = call.Method.DisplayName;

        public string ConnectionId { get; } = call.Connection.Id;

        /// <summary>The number of the last report sent (reports are numbered from 1).</summary>
        public long Sent { get; private set; }

        public void Send(ProgressBatch batch)
        {
            for (var i = 0; i < batch.Values.Length; i++)
            {
                var number = batch.First + i;
                if (number <= Sent)
                {
                    continue;
                }

                _connections.Send(ConnectionId, ProgressNotification.Create(_token, batch.Values[i]));
                Sent = number;
            }
        }
    }
}
