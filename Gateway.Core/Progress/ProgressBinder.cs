using System.Text.Json;
using OrleansRpc.Gateway.Dispatch;
using OrleansRpc.Gateway.Methods;
using OrleansRpc.Grains.Progress;
using OrleansRpc.Rpc;

namespace OrleansRpc.Gateway.Progress;

/// <summary>
/// Binds an <c>IProgress&lt;T&gt;</c> parameter from the token the client passes in its place, as
/// StreamJsonRpc does and the Language Server Protocol's <c>ProgressToken</c> is: a number or a string. A
/// null or missing token, or a call over HTTP (which has no way to send anything before its answer), binds
/// null: the method reports to nobody.
/// </summary>
internal sealed class ProgressBinder<T>(ArgumentLayout layout, int position, ProgressReports reports, JsonSerializerOptions options) : ValueBinder
{
    private readonly Action<RpcCall, IProgress<T>?> _set = layout.Setter<IProgress<T>?>(position);

    public override void Read(ref Utf8JsonReader reader, RpcCall call)
    {
        byte[] token = reader.TokenType switch
        {
            JsonTokenType.Null => [],
            JsonTokenType.Number => reader.ValueSpan.ToArray(),
            JsonTokenType.String => JsonSerializer.SerializeToUtf8Bytes(reader.GetString(), options),
            _ => throw new JsonException("A progress token is a number or a string."),
        };
        var connection = call.Connection;
        if (token.Length == 0 || connection.Transport != RpcTransport.WebSocket)
        {
            _set(call, null);
            return;
        }

        _set(call, new RpcProgress<T>(ProgressCallIds.Next(connection.Id), token, reports, options));
    }

    public override void ReadRemaining(ref Utf8JsonReader reader, RpcCall call) =>
        throw new InvalidOperationException("A progress parameter is never a params array.");

    public override void SetDefault(RpcCall call) => _set(call, null);
}
