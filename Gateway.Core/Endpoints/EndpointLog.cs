using Microsoft.Extensions.Logging;

namespace OrleansRpc.Gateway.Endpoints;

internal static partial class EndpointLog
{
    // A browser shows a refused handshake only as a failed connection, so the reason has to be on the server.
    [LoggerMessage(10, LogLevel.Information, "Refused a WebSocket from Origin {Origin}: it is neither this gateway's own origin nor listed in JsonRpcOptions.AllowedOrigins.")]
    public static partial void OriginRefused(ILogger logger, string origin);

    // Debug: under a flood from one address this would be a line per attempt; the metric counts them.
    [LoggerMessage(11, LogLevel.Debug, "Refused a WebSocket: its address already holds {Limit} (JsonRpcOptions.MaxWebSocketsPerAddress).")]
    public static partial void AddressAtLimit(ILogger logger, int limit);

    [LoggerMessage(12, LogLevel.Debug, "Refused a WebSocket: its address made more than {PerSecond} upgrades in a second (JsonRpcOptions.MaxWebSocketUpgradesPerSecondPerAddress).")]
    public static partial void AddressUpgradingTooFast(ILogger logger, int perSecond);

    [LoggerMessage(13, LogLevel.Debug, "Cut off an HTTP client at {Address}: it took nothing of its answer within {Timeout} (JsonRpcOptions.WriteTimeout).")]
    public static partial void AnswerNotRead(ILogger logger, System.Net.IPAddress? address, TimeSpan timeout);

    [LoggerMessage(14, LogLevel.Debug, "Refused an HTTP body from {Address}: {Reason}")]
    public static partial void BadBody(ILogger logger, System.Net.IPAddress? address, string reason);
}
