using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using OrleansRpc.Serialization;

namespace OrleansRpc.Grains.Progress;

/// <summary>
/// What a method's <c>IProgress&lt;T&gt;</c> parameter gets when the client passed a progress token: each
/// report goes, as JSON, to the reports of the node the grain runs on (<see cref="ProgressReports"/>),
/// whence the caller's gateway sends it as <c>$/progress</c> (ARCHITECTURE.md, "Progress"). Only the call's
/// id crosses nodes (members without <c>[Id]</c> stay behind); the node's reports and JSON options are
/// found where it arrives.
/// </summary>
[GenerateSerializer]
internal abstract class RpcProgress
{
    protected RpcProgress(string callId, byte[] token, ProgressReports reports, JsonSerializerOptions options)
    {
        CallId = callId;
        Token = token;
        Reports = reports;
        Options = options;
    }

    [Id(0)]
    public string CallId { get; private set; }

    /// <summary>The client's token, as JSON, which its gateway writes into each <c>$/progress</c>; not on other nodes.</summary>
    [field: NonSerialized]
    public byte[]? Token { get; }

    [field: NonSerialized]
    protected ProgressReports? Reports { get; private set; }

    [field: NonSerialized]
    protected JsonSerializerOptions? Options { get; private set; }

    /// <summary>Where it arrives, the node's reports and JSON options take the place of the gateway's.</summary>
    protected void Arrived(IServiceProvider services)
    {
        Reports = services.GetService<ProgressReports>();
        Options = services.GetService<RpcSerializer>()?.Options;
    }
}
