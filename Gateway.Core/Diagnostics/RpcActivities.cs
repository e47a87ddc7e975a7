using System.Diagnostics;
using System.Text;
using OrleansRpc.Diagnostics;
using OrleansRpc.Gateway.Connections;
using OrleansRpc.Gateway.Methods;
using OrleansRpc.Gateway.Protocol;
using OrleansRpc.Rpc;

namespace OrleansRpc.Gateway.Diagnostics;

/// <summary>
/// An <see cref="Activity"/> per JSON-RPC call, from the <see cref="ActivitySource"/> named
/// <see cref="OrleansRpcMeter.Name"/>: a child of the HTTP request, or of the WebSocket's upgrade request,
/// that carried it, named after the method, with the OpenTelemetry RPC attributes. Made only while
/// something listens, so an untraced call pays one check.
/// </summary>
internal static class RpcActivities
{
    public static readonly ActivitySource Source = new(OrleansRpcMeter.Name);

    /// <summary>
    /// The call's activity, or null when nothing listens. It is not left current: the call makes it current
    /// only while it makes its grain call (<c>RpcCall</c>), and the dispatcher's thread moves on.
    /// </summary>
    public static Activity? Start(RpcMethod method, RpcConnection connection, ReadOnlySpan<byte> id, JsonRpcVersion version, bool isNotification)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var current = Activity.Current;
        var activity = Source.StartActivity(method.Name, ActivityKind.Server, connection.Activity?.Context ?? default);
        Activity.Current = current;
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("rpc.system", "jsonrpc");
            activity.SetTag("rpc.method", method.Name);
            activity.SetTag("rpc.jsonrpc.version", version == JsonRpcVersion.V1 ? "1.0" : "2.0");
            if (!isNotification)
            {
                activity.SetTag("rpc.jsonrpc.request_id", IdText(id));
            }

            activity.SetTag("orleansrpc.transport", connection.Transport == RpcTransport.WebSocket ? "websocket" : "http");
            activity.SetTag("orleansrpc.connection_id", connection.Id);
        }

        return activity;
    }

    public static void Stop(Activity activity, int? errorCode)
    {
        if (activity.IsAllDataRequested)
        {
            activity.SetTag("orleansrpc.outcome", errorCode is null ? "ok" : "error");
            if (errorCode is { } code)
            {
                activity.SetTag("rpc.jsonrpc.error_code", code);
            }
        }

        if (errorCode is not null)
        {
            activity.SetStatus(ActivityStatusCode.Error);
        }

        activity.Stop();
    }

    /// <summary>The id as the client wrote it, a string's without its quotes.</summary>
    private static string IdText(ReadOnlySpan<byte> id) =>
        id.Length >= 2 && id[0] == (byte)'"' ? Encoding.UTF8.GetString(id[1..^1]) : Encoding.UTF8.GetString(id);
}
