using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;

namespace OrleansRpc.Tests.Cluster.Chaos;

/// <summary>
/// What a chaos run saw: every call, every fault, and the violations of its invariants. A call is judged
/// against the faults once the run is over, by what the README documents for the situation it was in:
/// <list type="bullet">
/// <item>a call that needs only its Gateway's node answers, unless that Gateway itself went down;</item>
/// <item>-32004 "may or may not have run" only for a call on its way while a node died or stopped: for a
/// killed node, sent before and failed when its death was declared (within the nodes' skew in learning
/// it), as Orleans fails the calls that were out to it, or sent on its connection in the moment before that
/// broke; for a stopped one, while it stopped;
/// -32004 "did not run" never (the Gateway makes such a call again until a survivor answers);</item>
/// <item>-32005 only while storage was away: from Redis's stop until a session write went through every
/// Gateway again; -32003 only from a Gateway that was shutting down;</item>
/// <item>a broken socket or connection only to a Gateway that went down.</item>
/// </list>
/// </summary>
internal sealed class ChaosLedger
{
    // The test sees a death declared through one survivor's answer; each node learns it a little earlier
    // or later (gossip), and sends to the dead node until it does.
    private static readonly TimeSpan s_declarationSkew = TimeSpan.FromMilliseconds(500);

    // How long after a kill a call may still be written to the dead node's connection: until the survivor reads
    // the close its kernel sent (milliseconds, more on two busy cores). A chaos run at 3367bfb saw one, 65 ms in.
    private static readonly TimeSpan s_connectionBreak = TimeSpan.FromMilliseconds(250);

    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly ConcurrentQueue<ChaosCall> _calls = new();
    private readonly ConcurrentQueue<string> _violations = new();
    private readonly List<ChaosFault> _faults = [];

    public TimeSpan Now => _clock.Elapsed;

    public void Record(ChaosCall call) => _calls.Enqueue(call);

    /// <summary>A broken invariant seen by the load itself: a wrong result, a lost write, notifications out of order.</summary>
    public void Violation(string text) => _violations.Enqueue($"{Now.TotalSeconds:0.000} s: {text}");

    public ChaosFault BeginFault(string kind, string target)
    {
        var fault = new ChaosFault(kind, target, Now);
        lock (_faults)
        {
            _faults.Add(fault);
        }

        return fault;
    }

    /// <summary>Judges every call against the faults; the violations, the load's own first.</summary>
    public List<string> Judge()
    {
        var violations = _violations.ToList();
        foreach (var call in _calls)
        {
            if (!call.Succeeded && !Explained(call))
            {
                violations.Add("unexplained: " + call);
            }
        }

        return violations;
    }

    public string Summary()
    {
        var text = new StringBuilder();
        var calls = _calls.ToArray();
        text.Append($"{calls.Length} calls in {Now.TotalSeconds:0} s, {calls.Count(c => c.Succeeded)} answered with a result.\n");
        foreach (var group in calls.Where(c => !c.Succeeded).GroupBy(c => $"{c.Method}: {Trim(c.Cause)}").OrderByDescending(g => g.Count()))
        {
            text.Append($"  {group.Count(),6} × {group.Key}\n");
        }

        foreach (var fault in _faults)
        {
            text.Append("  fault: ").Append(fault).Append('\n');
        }

        return text.ToString();
    }

    private bool Explained(ChaosCall call)
    {
        bool Any(Func<ChaosFault, bool> matches)
        {
            lock (_faults)
            {
                return _faults.Any(matches);
            }
        }

        if (call.Transport is not null)
        {
            return Any(f => f.Target == call.Gateway && f.Kind is ChaosFault.Kill or ChaosFault.Terminate && f.Start <= call.End);
        }

        return call.Code switch
        {
            -32004 when call.Data?.Contains("may or may not have run", StringComparison.Ordinal) == true && !call.NodeBound =>
                Any(f => f.Kind switch
                {
                    // Orleans fails a call that was out to a killed node when the death is declared; and, at once,
                    // one that was being written to the node's connection when it broke (its peer's kernel
                    // closes it with the process), which may have reached a live process as far as Orleans can
                    // tell. Any other that failed sooner was refused, so it did not run and should have been
                    // made again.
                    ChaosFault.Kill =>
                        (call.Start <= f.Left + s_declarationSkew && call.End >= f.Left - s_declarationSkew)
                        || (call.Start <= f.Start + s_connectionBreak && call.End >= f.Start),
                    ChaosFault.Terminate => call.Start <= f.Left && f.Start <= call.End,
                    _ => false,
                }),
            -32005 => Any(f => f.Kind == ChaosFault.RedisRestart && call.Overlaps(f)),
            -32003 => Any(f => f.Kind == ChaosFault.Terminate && f.Target == call.Gateway && call.Overlaps(f)),
            _ => false,
        };
    }

    private static string Trim(string cause) => cause.Length > 90 ? cause[..90] + "…" : cause;
}
