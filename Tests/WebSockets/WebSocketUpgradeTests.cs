using OrleansRpc.Gateway.WebSockets;

namespace OrleansRpc.Tests.WebSockets;

public sealed class WebSocketUpgradeTests
{
    /// <summary>The worked example of RFC 6455 §1.3.</summary>
    [Fact]
    public void TheAcceptKeyIsTheOneOfTheSpecification() =>
        Assert.Equal("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", WebSocketUpgrade.AcceptKey("dGhlIHNhbXBsZSBub25jZQ=="));
}
