using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace OrleansRpc.Gateway.Hosting;

/// <summary>
/// The options a deployment sets rather than code, from the configuration section <c>JsonRpc</c>
/// (appsettings, environment <c>JsonRpc__MaxOutboundQueue</c>, command line): read before the host's
/// own <c>AddJsonRpc(o => ...)</c>, which wins. Limits, paths, keep-alive and allowed origins bind by
/// their property names; the serializer options and the grain interfaces are code's alone.
/// </summary>
internal sealed class JsonRpcOptionsFromConfiguration(IConfiguration configuration) : IConfigureOptions<JsonRpcOptions>
{
    public const string SectionName = "JsonRpc";

    public void Configure(JsonRpcOptions options)
    {
        var section = configuration.GetSection(SectionName);
        options.HttpPath = section[nameof(JsonRpcOptions.HttpPath)] ?? options.HttpPath;
        options.WebSocketPath = section[nameof(JsonRpcOptions.WebSocketPath)] ?? options.WebSocketPath;
        options.ClientScriptPath = section[nameof(JsonRpcOptions.ClientScriptPath)] switch
        {
            null => options.ClientScriptPath,
            "" => null,
            var path => path,
        };
        options.Discovery = section.GetValue(nameof(JsonRpcOptions.Discovery), options.Discovery);
        options.OpenRpcPath = section[nameof(JsonRpcOptions.OpenRpcPath)] ?? options.OpenRpcPath;
        options.SessionCookieName = section[nameof(JsonRpcOptions.SessionCookieName)] ?? options.SessionCookieName;
        options.MaxWebSocketMessageBytes = section.GetValue(nameof(JsonRpcOptions.MaxWebSocketMessageBytes), options.MaxWebSocketMessageBytes);
        options.WebSocketCompression = section.GetValue(nameof(JsonRpcOptions.WebSocketCompression), options.WebSocketCompression);
        options.WebSocketCompressionThreshold = section.GetValue(nameof(JsonRpcOptions.WebSocketCompressionThreshold), options.WebSocketCompressionThreshold);
        options.WebSocketCompressionClientContextTakeover = section.GetValue(nameof(JsonRpcOptions.WebSocketCompressionClientContextTakeover), options.WebSocketCompressionClientContextTakeover);
        options.MaxHttpBodyBytes = section.GetValue(nameof(JsonRpcOptions.MaxHttpBodyBytes), options.MaxHttpBodyBytes);
        options.MaxBatchSize = section.GetValue(nameof(JsonRpcOptions.MaxBatchSize), options.MaxBatchSize);
        options.MaxResponseBytes = section.GetValue(nameof(JsonRpcOptions.MaxResponseBytes), options.MaxResponseBytes);
        options.MaxDepth = section.GetValue(nameof(JsonRpcOptions.MaxDepth), options.MaxDepth);
        options.MaxInFlightPerConnection = section.GetValue(nameof(JsonRpcOptions.MaxInFlightPerConnection), options.MaxInFlightPerConnection);
        options.MaxOutboundQueue = section.GetValue(nameof(JsonRpcOptions.MaxOutboundQueue), options.MaxOutboundQueue);
        options.SlowConsumerPolicy = section.GetValue(nameof(JsonRpcOptions.SlowConsumerPolicy), options.SlowConsumerPolicy);
        options.MaxOutboundBytes = section.GetValue(nameof(JsonRpcOptions.MaxOutboundBytes), options.MaxOutboundBytes);
        options.WriteTimeout = section.GetValue(nameof(JsonRpcOptions.WriteTimeout), options.WriteTimeout);
        options.MaxAnswerBytesPerNode = section.GetValue(nameof(JsonRpcOptions.MaxAnswerBytesPerNode), options.MaxAnswerBytesPerNode);
        options.KeepAliveInterval = section.GetValue(nameof(JsonRpcOptions.KeepAliveInterval), options.KeepAliveInterval);
        options.KeepAliveTimeout = section.GetValue(nameof(JsonRpcOptions.KeepAliveTimeout), options.KeepAliveTimeout);
        options.MaxMessageTime = section.GetValue(nameof(JsonRpcOptions.MaxMessageTime), options.MaxMessageTime);
        options.UndeliveredCallRetryTime = section.GetValue(nameof(JsonRpcOptions.UndeliveredCallRetryTime), options.UndeliveredCallRetryTime);
        options.MaxConnections = section.GetValue(nameof(JsonRpcOptions.MaxConnections), options.MaxConnections);
        options.MaxCallsPerSecondPerAddress = section.GetValue(nameof(JsonRpcOptions.MaxCallsPerSecondPerAddress), options.MaxCallsPerSecondPerAddress);
        options.MaxNewSessionsPerSecondPerAddress = section.GetValue(nameof(JsonRpcOptions.MaxNewSessionsPerSecondPerAddress), options.MaxNewSessionsPerSecondPerAddress);
        options.MaxConnectionsPerAddress = section.GetValue(nameof(JsonRpcOptions.MaxConnectionsPerAddress), options.MaxConnectionsPerAddress);
        options.MaxNewConnectionsPerSecond = section.GetValue(nameof(JsonRpcOptions.MaxNewConnectionsPerSecond), options.MaxNewConnectionsPerSecond);
        options.MaxOpeningConnections = section.GetValue(nameof(JsonRpcOptions.MaxOpeningConnections), options.MaxOpeningConnections);
        options.MaxOpeningTime = section.GetValue(nameof(JsonRpcOptions.MaxOpeningTime), options.MaxOpeningTime);
        options.MaxWebSocketsPerAddress = section.GetValue(nameof(JsonRpcOptions.MaxWebSocketsPerAddress), options.MaxWebSocketsPerAddress);
        options.MaxWebSocketUpgradesPerSecondPerAddress = section.GetValue(nameof(JsonRpcOptions.MaxWebSocketUpgradesPerSecondPerAddress), options.MaxWebSocketUpgradesPerSecondPerAddress);
        options.ReservedFileDescriptors = section.GetValue(nameof(JsonRpcOptions.ReservedFileDescriptors), options.ReservedFileDescriptors);
        options.DetailedErrors = section.GetValue(nameof(JsonRpcOptions.DetailedErrors), options.DetailedErrors);
        foreach (var origin in section.GetSection(nameof(JsonRpcOptions.AllowedOrigins)).GetChildren())
        {
            if (origin.Value is { Length: > 0 } value && !options.AllowedOrigins.Contains(value))
            {
                options.AllowedOrigins.Add(value);
            }
        }

        // A list in configuration replaces the default one rather than adding to it.
        var subProtocols = section.GetSection(nameof(JsonRpcOptions.SubProtocols)).GetChildren().Select(p => p.Value).OfType<string>().Where(p => p.Length > 0).ToList();
        if (subProtocols.Count > 0)
        {
            options.SubProtocols.Clear();
            foreach (var subProtocol in subProtocols)
            {
                options.SubProtocols.Add(subProtocol);
            }
        }
    }
}
