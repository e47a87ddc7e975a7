using System.Text.Json;
using Orleans;
using Orleans.Concurrency;
using Orleans.Runtime;
using Orleans.Serialization;

namespace OrleansRpc.Grains.Progress;

/// <remarks>
/// [Immutable]: a grain on the gateway's own node gets this very instance, which already knows the node's
/// reports; Orleans's copy would not.
/// </remarks>
[GenerateSerializer, Immutable, Alias("orpc.RpcProgress`1"), SerializationCallbacks(typeof(OnDeserializedCallbacks))]
internal sealed class RpcProgress<T> : RpcProgress, IProgress<T>, IOnDeserialized
{
    [NonSerialized]
    private ProgressEntry? _entry;

    public RpcProgress(string callId, byte[] token, ProgressReports reports, JsonSerializerOptions options)
        : base(callId, token, reports, options)
    {
    }

    /// <summary>Serializes <paramref name="value"/> now, so that a value changed after the report is sent as it was.</summary>
    public void Report(T value)
    {
        if (Reports is { } reports && Options is { } options)
        {
            // The call's entry is kept from the first report on: once the call has answered, its gateway
            // forgets it, and a later report lands in this finished entry, which drops it.
            var entry = _entry ??= reports.Entry(CallId);
            reports.Add(entry, JsonSerializer.SerializeToUtf8Bytes(value, options));
        }
    }

    void IOnDeserialized.OnDeserialized(DeserializationContext context) => Arrived(context.ServiceProvider);
}
