using Orleans.Runtime;

namespace OrleansRpc.Gateway.Dispatch;

/// <summary>
/// Tells a grain call that provably never reached its grain, and so cannot have run, from one that may
/// have (ARCHITECTURE.md, "A node's death"). Orleans answers a call with a rejection
/// (<see cref="OrleansMessageRejectionException"/>) only for a message it did not hand to a grain: the
/// sender could not connect to the target node ("Exception while sending message: ...
/// ConnectionFailedException"), the message could not be addressed (its placement's directory lookup was
/// itself rejected), or the target had no activation to take it. A grain that ran answers with its result
/// or its exception, never with a rejection.
/// </summary>
/// <remarks>
/// <see cref="SiloUnavailableException"/> is a rejection by type, and Orleans raises it both ways, told
/// apart only by its message. It means the call may have run when Orleans fails a call that was out to a
/// node once that node is gone ("The target silo became unavailable for message ..."). It means the call
/// was refused before any grain had it in two cases: a message refused for a node already known dead, or one
/// that failed to be sent on its connection (the exception's default message, "Silo unavailable"); and a
/// message a stopping node could not address again (its placement's "Silo '…' is shutting down."): a grain
/// that deactivates as its node stops hands the calls waiting in its queue on to its next activation, and a
/// node that is shutting down places none. Any other message, such as one a later Orleans words
/// differently, counts as "may have run", which answers -32004 rather than risk running a call twice
/// (<c>UndeliveredCallTests</c> holds Orleans to its default message).
/// </remarks>
internal static class UndeliveredCall
{
    private const string RefusedMessage = "Silo unavailable";
    private const string StoppingPrefix = "Silo '";
    private const string StoppingSuffix = "' is shutting down.";

    public static bool NeverRan(Exception exception) => exception switch
    {
        SiloUnavailableException unavailable => WasRefused(unavailable.Message),
        OrleansMessageRejectionException => true,
        _ => false,
    };

    private static bool WasRefused(string message) =>
        message == RefusedMessage
        || (message.StartsWith(StoppingPrefix, StringComparison.Ordinal) && message.EndsWith(StoppingSuffix, StringComparison.Ordinal));
}
