using Microsoft.Extensions.Logging;

namespace OrleansRpc.Gateway.Endpoints;

internal static partial class EndpointLog
{
    // A browser shows a refused handshake only as a failed connection, so the reason has to be on the server.
    [LoggerMessage(10, LogLevel.Information, "Refused a WebSocket from Origin {Origin}: it is neither this gateway's own origin nor listed in JsonRpcOptions.AllowedOrigins.")]
    public static partial void OriginRefused(ILogger logger, string origin);

    // At most every 10 s (the endpoint's LogThrottle): under a flood from one address this would be a line
    // per attempt, and the metric counts them all; but someone load-testing from one machine must be told why.
    [LoggerMessage(11, LogLevel.Information, "Refusing WebSockets from {Address} (503): it already holds {Limit} (JsonRpcOptions.MaxWebSocketsPerAddress; logged at most every 10 s).")]
    public static partial void AddressAtLimit(ILogger logger, System.Net.IPAddress? address, int limit);

    [LoggerMessage(12, LogLevel.Information, "Refusing WebSockets from {Address} (429): it makes more than {PerSecond} upgrades a second (JsonRpcOptions.MaxWebSocketUpgradesPerSecondPerAddress; logged at most every 10 s).")]
    public static partial void AddressUpgradingTooFast(ILogger logger, System.Net.IPAddress? address, int perSecond);

    [LoggerMessage(13, LogLevel.Debug, "Cut off an HTTP client at {Address}: it took nothing of its answer within {Timeout} (JsonRpcOptions.WriteTimeout).")]
    public static partial void AnswerNotRead(ILogger logger, System.Net.IPAddress? address, TimeSpan timeout);

    [LoggerMessage(14, LogLevel.Debug, "Refused an HTTP body from {Address}: {Reason}")]
    public static partial void BadBody(ILogger logger, System.Net.IPAddress? address, string reason);
}
