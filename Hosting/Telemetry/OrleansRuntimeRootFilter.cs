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
/// <item>one that would start a trace, or whose parent on this node is not recorded, is not recorded;</item>
/// <item>a call to a system target (Orleans's own services, their ids begin with <c>sys.</c>) is dropped
/// when it ends, once Orleans has tagged its target. Its receiving side on another node cannot tell from
/// the parent's id (the W3C id keeps the flags the activity was started with), so the tag decides there too.</item>
/// </list>
/// </summary>
public sealed class OrleansRuntimeRootFilter : BaseProcessor<Activity>
{
    public const string RuntimeSource = "Microsoft.Orleans.Runtime";

    /// <summary>Orleans's tag for the called grain or system target (Orleans 10's name for it).</summary>
    public const string TargetIdTag = "orleans.rpc.target_id";

    public override void OnStart(Activity data)
    {
        if (data.Source.Name == RuntimeSource && (data.ParentSpanId == default || data.Parent is { Recorded: false }))
        {
            Drop(data);
        }
    }

    public override void OnEnd(Activity data)
    {
        if (data.Source.Name == RuntimeSource && data.GetTagItem(TargetIdTag) is string target && target.StartsWith("sys.", StringComparison.Ordinal))
        {
            Drop(data);
        }
    }

    private static void Drop(Activity activity)
    {
        activity.IsAllDataRequested = false;
        activity.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
    }
}
