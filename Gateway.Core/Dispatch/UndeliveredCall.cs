using Orleans.Runtime;

namespace OrleansRpc.Gateway.Dispatch;

/// <summary>
/// Tells a grain call that provably never reached its grain, and so cannot have run, from one that may
/// have (ARCHITECTURE.md, "A node's death"). Orleans answers a call with a rejection
/// (<see cref="OrleansMessageRejectionException"/>) only for a message it did not hand to a grain: the
/// sender could not connect to the target node ("Exception while sending message: ...
/// ConnectionFailedException"), the message could not be addressed (its placement's directory lookup was
/// itself rejected), or the target had no activation to take it. A grain that ran answers with its result
/// or its exception, never with a rejection. <see cref="SiloUnavailableException"/>, a rejection by type, is not:
/// Orleans raises it when the target node died while the call was out (and, with no way to tell them
/// apart, when the message was refused for a node already known dead), so the call may have run.
/// </summary>
internal static class UndeliveredCall
{
    public static bool NeverRan(Exception exception) => exception is OrleansMessageRejectionException and not SiloUnavailableException;
}
