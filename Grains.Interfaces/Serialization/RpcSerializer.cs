using System.Text.Encodings.Web;
using System.Text.Json;

namespace OrleansRpc.Serialization;

/// <summary>
/// The JSON options of one node: how the gateway reads params and writes results, how notifications are
/// written, and how plain .NET values cross grain calls (Orleans's JSON codec). A service of the silo,
/// never a static: the gateway registers its <c>JsonRpcOptions.SerializerOptions</c> here
/// (<c>AddJsonRpc</c>), and a silo without a gateway has the defaults unless its host registers its own.
/// Every node of a cluster must use the same options.
/// </summary>
public sealed class RpcSerializer
{
    public RpcSerializer(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.MakeReadOnly(populateMissingResolver: true);
        Options = options;
    }

    /// <summary>Read-only from the moment it is registered: every reader shares it.</summary>
    public JsonSerializerOptions Options { get; }

    /// <summary>
    /// New options with the product's defaults: only what JSON requires is escaped (answers are not
    /// embedded in HTML), properties are camelCase, numbers are read only from JSON numbers (so
    /// <c>"42"</c> is not an integer), and nesting is at most 64 deep.
    /// </summary>
    public static JsonSerializerOptions CreateDefaultOptions() => new(JsonSerializerDefaults.General)
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        MaxDepth = 64,
    };
}
