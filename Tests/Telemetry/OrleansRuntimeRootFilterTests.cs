using System.Collections.Concurrent;
using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Trace;
using OrleansRpc.Hosting.Telemetry;

namespace OrleansRpc.Tests.Telemetry;

/// <summary>
/// What OTLP export keeps of Orleans's runtime source, through OpenTelemetry's own pipeline (the filter,
/// then an exporter): its activities inside a trace that began elsewhere, and not one that starts a trace,
/// anything under one, or a call to a system target. The runtime source here is a second instance of the
/// name Orleans uses; the real one's activities, from other tests' silos, reach the exporter too, so each
/// test looks only at the activities it made.
/// </summary>
public sealed class OrleansRuntimeRootFilterTests : IDisposable
{
    private static readonly ActivitySource Runtime = new(OrleansRuntimeRootFilter.RuntimeSource);
    private static readonly ActivitySource Application = new(OtlpExport.OrleansSources[0]);
    private static readonly ActivitySource Request = new("OrleansRpc.Tests.Request");

    private readonly ConcurrentDictionary<ActivitySpanId, Activity> _exported = new();
    private readonly TracerProvider _provider;

    public OrleansRuntimeRootFilterTests()
    {
        _provider = Sdk.CreateTracerProviderBuilder()
            .AddSource(Request.Name)
            .AddSource(OtlpExport.OrleansSources)
            .AddProcessor(new OrleansRuntimeRootFilter())
            .AddProcessor(new SimpleActivityExportProcessor(new CollectingExporter(_exported)))
            .Build()!;
    }

    [Fact]
    public void ARuntimeActivityThatStartsATraceIsDropped_WithWhatRunsUnderIt()
    {
        using var timer = Runtime.StartActivity("IGrainTimerInvoker/InvokeCallbackAsync", ActivityKind.Server)!;

        // Under an activity not recorded, OpenTelemetry's parent-based sampling records nothing (it makes none).
        using var call = Runtime.StartActivity("IDeploymentLoadPublisher/UpdateRuntimeStatistics", ActivityKind.Client);
        call?.Stop();
        timer.Stop();

        AssertNotExported(timer);
        AssertNotExported(call);
        AssertSentinelIsExported();
    }

    [Fact]
    public void ACallThatStartsATraceIsDroppedOnTheNodeItReachesToo()
    {
        using var call = Runtime.StartActivity("IGroupNodeGrain/CountMembers", ActivityKind.Client)!;
        call.Stop();

        // The receiving side, on another node, from what Orleans carried: the caller's ids and trace state, with
        // the flags "recorded" as a cluster sends them (the W3C id can be made, by any listener, before the
        // filter clears the flag, and then keeps it), so the trace state is what tells.
        var caller = new ActivityContext(call.TraceId, call.SpanId, ActivityTraceFlags.Recorded, call.TraceStateString, isRemote: true);
        using var received = Runtime.StartActivity("IGroupNodeGrain/CountMembers", ActivityKind.Server, caller);
        received?.Stop();

        AssertNotExported(call);
        AssertNotExported(received);
        AssertSentinelIsExported();
    }

    [Fact]
    public void AGrainCallInsideARequestsTraceIsKept_OnThisNodeAndOnTheNodeItReaches()
    {
        using var request = Request.StartActivity("POST /rpc", ActivityKind.Server)!;
        using var call = Runtime.StartActivity("IGroupGrain/Publish", ActivityKind.Client)!;
        call.SetTag(OrleansRuntimeRootFilter.TargetIdTag, "group/lobby");
        call.Stop();
        request.Stop();

        // The receiving side, on another node: created from the caller's W3C id, as Orleans does.
        using var received = Runtime.StartActivity("IGroupGrain/Publish", ActivityKind.Server, call.Id!)!;
        received.Stop();

        Assert.Contains(call.SpanId, _exported.Keys);
        Assert.Contains(received.SpanId, _exported.Keys);
        Assert.Equal(request.TraceId, _exported[received.SpanId].TraceId);
    }

    [Fact]
    public void ACallToASystemTargetIsDropped_EvenInsideARequestsTrace()
    {
        using var request = Request.StartActivity("POST /rpc", ActivityKind.Server)!;
        using var directory = Runtime.StartActivity("IRemoteGrainDirectory/RegisterAsync", ActivityKind.Client)!;
        directory.SetTag(OrleansRuntimeRootFilter.TargetIdTag, "sys.svc.dir.mem/192.0.2.2:11111@1");
        directory.Stop();
        request.Stop();

        AssertNotExported(directory);
        Assert.Contains(request.SpanId, _exported.Keys);
    }

    [Fact]
    public void TheApplicationSourceIsLeftAlone_EvenWhenItStartsATrace()
    {
        using var call = Application.StartActivity("IMyGrain/Tick", ActivityKind.Client)!;
        call.Stop();

        Assert.Contains(call.SpanId, _exported.Keys);
    }

    public void Dispose() => _provider.Dispose();

    /// <summary>Not exported, or not even made (OpenTelemetry makes none under a parent that is not recorded).</summary>
    private void AssertNotExported(Activity? activity) => Assert.True(activity is null || !_exported.ContainsKey(activity.SpanId), $"{activity?.OperationName} was exported");

    /// <summary>An activity exported after the dropped ones: the exporter ran, so their absence means something.</summary>
    private void AssertSentinelIsExported()
    {
        using var sentinel = Request.StartActivity("sentinel")!;
        sentinel.Stop();
        Assert.Contains(sentinel.SpanId, _exported.Keys);
    }

    private sealed class CollectingExporter(ConcurrentDictionary<ActivitySpanId, Activity> exported) : BaseExporter<Activity>
    {
        public override ExportResult Export(in Batch<Activity> batch)
        {
            foreach (var activity in batch)
            {
                exported[activity.SpanId] = activity;
            }

            return ExportResult.Success;
        }
    }
}
