using System.Diagnostics;
using OpenTelemetry;

namespace OrleansRpc.Hosting.Telemetry;

/// <summary>
/// Orleans files its own system calls (grain timers, membership notices, load statistics, the directory)
/// under its runtime source: several traces a second per node that nobody's request made. The product's
/// grains and the demo's are under that source too (their namespaces begin with "Orleans"), so the source
/// cannot be left out. This keeps a runtime activity only when it is a grain call within a trace that began
/// elsewhere (a request to a Gateway, the host's own code):
/// <list type="bullet">
/// <item>one that would start a trace, or whose parent on this node is not recorded, is not recorded, and
/// says so in its W3C <c>tracestate</c> (<see cref="UnrecordedState"/>), which Orleans carries with the call:
/// the receiving side on another node cannot tell from the parent's id, whose flags are those it started
/// with, so that is how the receiving side knows to drop its part too;</item>
/// <item>a call to a system target (Orleans's own services, their ids begin with <c>sys.</c>) is dropped
/// when it ends, once Orleans has tagged its target.</item>
/// </list>
/// </summary>
public sealed class OrleansRuntimeRootFilter : BaseProcessor<Activity>
{
    public const string RuntimeSource = "Microsoft.Orleans.Runtime";

    /// <summary>Orleans's tag for the called grain or system target (Orleans 10's name for it).</summary>
    public const string TargetIdTag = "orleans.rpc.target_id";

    /// <summary>The <c>tracestate</c> member by which a dropped call tells the node it reaches.</summary>
    public const string UnrecordedState = "orleansrpc=unrecorded";

    public override void OnStart(Activity data)
    {
        if (data.Source.Name == RuntimeSource && !WithinARecordedTrace(data))
        {
            Drop(data);
            if (data.TraceStateString is not { Length: > 0 } state)
            {
                data.TraceStateString = UnrecordedState;
            }
            else if (!state.Contains(UnrecordedState, StringComparison.Ordinal))
            {
                data.TraceStateString = $"{UnrecordedState},{state}";
            }
        }
    }

    public override void OnEnd(Activity data)
    {
        if (data.Source.Name == RuntimeSource && data.GetTagItem(TargetIdTag) is string target && target.StartsWith("sys.", StringComparison.Ordinal))
        {
            Drop(data);
        }
    }

    private static bool WithinARecordedTrace(Activity activity) => activity switch
    {
        { Parent: { } parent } => parent.Recorded,
        { ParentSpanId: var parent } when parent == default => false,
        { TraceStateString: { } state } => !state.Contains(UnrecordedState, StringComparison.Ordinal),
        _ => true,
    };

    private static void Drop(Activity activity)
    {
        activity.IsAllDataRequested = false;
        activity.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
    }
}
