using OrleansRpc.Tests.Infrastructure;

namespace OrleansRpc.Tests.WebSockets;

/// <summary>A gateway that agrees to permessage-deflate, set as a deployment sets it: in configuration.</summary>
public sealed class CompressingGatewayFixture : IAsyncLifetime
{
    /// <summary>Server messages shorter than this go uncompressed.</summary>
    public const int Threshold = 100;

    public GatewayServer Server { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Server = await GatewayServer.StartAsync(arguments: ["--JsonRpc:WebSocketCompression=true", $"--JsonRpc:WebSocketCompressionThreshold={Threshold}"]);

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
