using System.Diagnostics.Tracing;

namespace OrleansRpc.Benchmarks.Server;

/// <summary>
/// Counts the server's gen2 collections by what triggered them, from the runtime's own GC events, so that
/// a gen2 in a run can be told apart: the GC's budget running out (<c>AllocSmall</c>), a large object,
/// low memory, or a collection somebody asked for.
/// </summary>
internal sealed class GcReasonListener : EventListener
{
    private const string RuntimeSource = "Microsoft-Windows-DotNETRuntime";
    private const EventKeywords GcKeyword = (EventKeywords)0x1;

    // The runtime's gc_reason values, in order (see the GCStart event's Reason field).
    private static readonly string[] s_reasons =
    [
        "AllocSmall", "Induced", "LowMemory", "Empty", "AllocLarge", "OutOfSpaceSOH", "OutOfSpaceLOH",
        "InducedNotForced", "Internal", "InducedLowMemory", "InducedCompacting", "LowMemoryHost", "PMFullGC",
        "LowMemoryHostBlocking",
    ];

    private static readonly string[] s_types = ["blocking", "background", "foreground"];

    private readonly Lock _lock = new();
    private readonly Dictionary<string, int> _gen2 = new(StringComparer.Ordinal);
    private int _induced;

    /// <summary>
    /// Waits (at most <paramref name="timeout"/>) until the events of <paramref name="count"/> more induced
    /// gen2 collections than <paramref name="before"/> have arrived. They come in behind the collections,
    /// so without this a forced collection just before a measured window would be counted in it.
    /// </summary>
    public async Task WaitForInducedAsync(int before, int count, TimeSpan timeout)
    {
        var deadline = TimeProvider.System.GetTimestamp() + (long)(timeout.TotalSeconds * TimeProvider.System.TimestampFrequency);
        while (Volatile.Read(ref _induced) < before + count && TimeProvider.System.GetTimestamp() < deadline)
        {
            await Task.Delay(10);
        }
    }

    /// <summary>Induced gen2 collections whose events have arrived so far.</summary>
    public int Induced => Volatile.Read(ref _induced);

    /// <summary>Gen2 collections so far, by reason and kind, such as "AllocSmall, background".</summary>
    public Dictionary<string, int> Gen2ByReason()
    {
        lock (_lock)
        {
            return new Dictionary<string, int>(_gen2, StringComparer.Ordinal);
        }
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == RuntimeSource)
        {
            EnableEvents(eventSource, EventLevel.Informational, GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (eventData.EventName is not { } name || !name.StartsWith("GCStart", StringComparison.Ordinal) || eventData.Payload is not { } payload)
        {
            return;
        }

        var depth = Field(eventData, payload, "Depth");
        if (depth != 2)
        {
            return;
        }

        var reason = Field(eventData, payload, "Reason");
        var type = Field(eventData, payload, "Type");
        var key = $"{(reason >= 0 && reason < s_reasons.Length ? s_reasons[reason] : $"reason {reason}")}, {(type >= 0 && type < s_types.Length ? s_types[type] : $"type {type}")}";
        lock (_lock)
        {
            _gen2[key] = _gen2.GetValueOrDefault(key) + 1;
        }

        if (key.StartsWith("Induced", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _induced);
        }
    }

    private static int Field(EventWrittenEventArgs eventData, IReadOnlyList<object?> payload, string field)
    {
        var index = eventData.PayloadNames?.IndexOf(field) ?? -1;
        return index >= 0 && index < payload.Count ? Convert.ToInt32(payload[index], System.Globalization.CultureInfo.InvariantCulture) : -1;
    }
}
