using Microsoft.Extensions.Logging;

namespace OrleansRpc.Gateway.Dispatch;

internal static partial class DispatchLog
{
    [LoggerMessage(1, LogLevel.Error, "RPC method {Method} threw on connection {ConnectionId}.")]
    public static partial void MethodThrew(ILogger logger, Exception exception, string method, string connectionId);

    [LoggerMessage(2, LogLevel.Error, "The result of RPC method {Method} could not be serialized.")]
    public static partial void ResultNotSerializable(ILogger logger, Exception exception, string method);

    [LoggerMessage(3, LogLevel.Warning, "RPC method {Method} on connection {ConnectionId} timed out.")]
    public static partial void TimedOut(ILogger logger, string method, string connectionId);

    [LoggerMessage(4, LogLevel.Warning, "Notification {Method} on connection {ConnectionId} failed.")]
    public static partial void NotificationFailed(ILogger logger, Exception exception, string method, string connectionId);

    [LoggerMessage(5, LogLevel.Error, "Reading the params of RPC method {Method} on connection {ConnectionId} failed.")]
    public static partial void BindingFailed(ILogger logger, Exception exception, string method, string connectionId);

    // Debug: a client can ask for a large answer as often as it likes, and it is told why it failed.
    [LoggerMessage(6, LogLevel.Debug, "The answer of RPC method {Method} on connection {ConnectionId} is over the limit of {Limit} bytes.")]
    public static partial void ResponseTooLarge(ILogger logger, string method, string connectionId, int limit);

    [LoggerMessage(7, LogLevel.Debug, "The answer of RPC method {Method} on connection {ConnectionId} found no room in the node's answer budget.")]
    public static partial void NoRoomForAnswer(ILogger logger, string method, string connectionId);

    [LoggerMessage(8, LogLevel.Debug, "Notification {Method} on connection {ConnectionId} was refused with {Code}.")]
    public static partial void NotificationRefused(ILogger logger, string method, string connectionId, int code);

    // Debug: the call is answered as usual; only its reports after the failure are lost.
    [LoggerMessage(9, LogLevel.Debug, "Taking the progress reports of RPC method {Method} on connection {ConnectionId} failed; its later reports are not sent.")]
    public static partial void ProgressFailed(ILogger logger, Exception exception, string method, string connectionId);
}
