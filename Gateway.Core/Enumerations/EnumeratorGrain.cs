using Orleans;
using Orleans.Concurrency;
using Orleans.Runtime;
using OrleansRpc.Gateway.Delivery;
using OrleansRpc.Rpc;

namespace OrleansRpc.Gateway.Enumerations;

/// <remarks>
/// A stateless worker runs on the calling silo, the socket's, where the connection's sequences are.
/// Reentrant: a pull waits for the grain that produces the items, and neither another sequence's pull nor
/// an abort may wait behind it.
/// </remarks>
[StatelessWorker, Reentrant]
internal sealed class EnumeratorGrain(NodeConnections connections) : Grain, IEnumeratorGrain
{
    // StreamJsonRpc's code for a token that names no sequence; its client expects this one.
    private const int UnknownToken = -32001;

    public async Task<EnumerationPage> Next(long token, RpcContext context)
    {
        if (connections.EnumerationsOf(context.ConnectionId) is not { } open || !open.TryGet(token, out var enumeration))
        {
            throw new JsonRpcException(UnknownToken, "Unknown enumeration", $"This connection has no open sequence with token {token}: it finished, was aborted, or never was.");
        }

        try
        {
            var page = await enumeration.NextAsync();
            if (page.Finished)
            {
                await open.RemoveAsync(token);
            }

            return page;
        }
        catch (EnumerationBusyException)
        {
            // A pull while another is in progress: the sequence is fine, the second pull is refused.
            throw;
        }
        catch (EnumerationAbortedException)
        {
            // Orleans let the grain's enumerator go: nobody pulled it for longer than its response timeout.
            await open.RemoveAsync(token);
            throw new JsonRpcException(UnknownToken, "Unknown enumeration", $"The sequence with token {token} was let go on the grain's node, where nobody pulled it for longer than Orleans's response timeout.");
        }
        catch
        {
            await open.RemoveAsync(token);
            throw;
        }
    }

    public async Task Abort(long token, RpcContext context)
    {
        if (connections.EnumerationsOf(context.ConnectionId) is { } open)
        {
            await open.RemoveAsync(token);
        }
    }
}
