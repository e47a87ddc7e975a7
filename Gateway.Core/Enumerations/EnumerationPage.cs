using System.Text.Json.Serialization;
using Orleans;

namespace OrleansRpc.Gateway.Enumerations;

/// <summary>
/// Items of a streamed result, as StreamJsonRpc's protocol for <c>IAsyncEnumerable&lt;T&gt;</c> has them:
/// <c>{"token": n, "values": [...], "finished": false}</c>. The method's answer carries the token (left out
/// once the sequence is finished) and the first items; each <c>$/enumerator/next</c> answers the next.
/// </summary>
/// <remarks>
/// The items are JSON already, written with the node's options as they were read from the grain, so the
/// page crosses the local grain call as bytes, never copied item by item ([Immutable]).
/// </remarks>
[GenerateSerializer, Immutable, Alias("orpc.EnumerationPage")]
[JsonConverter(typeof(EnumerationPageConverter))]
public sealed class EnumerationPage
{
    internal EnumerationPage(long? token, byte[] values, bool finished)
    {
        Token = token;
        Values = values;
        Finished = finished;
    }

    /// <summary>What <c>$/enumerator/next</c> and <c>$/enumerator/abort</c> name the sequence by; null once it is finished.</summary>
    [Id(0)]
    public long? Token { get; }

    /// <summary>The items, a JSON array.</summary>
    [Id(1)]
    public byte[] Values { get; }

    /// <summary>Whether the last item has been sent: the client need not ask for more.</summary>
    [Id(2)]
    public bool Finished { get; }

    internal EnumerationPage WithToken(long token) => new(token, Values, Finished);
}
