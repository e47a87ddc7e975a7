using OrleansRpc.Tests.Infrastructure;

namespace OrleansRpc.Tests.Hosting;

/// <summary>
/// The Gateway and the Silo programs, started in cluster mode with Redis out of reach: Orleans cannot
/// join the cluster, and each exits with code 1 and one line that names the cause, not an abort.
/// </summary>
public sealed class StartFailureTests
{
    [Theory]
    [InlineData("Gateway", "OrleansRpc.Gateway.dll", "The Gateway stopped: ")]
    [InlineData("Silo", "OrleansRpc.Silo.dll", "The Silo stopped: ")]
    public async Task ANodeThatCannotReachRedisExitsWithOneLineThatSaysWhy(string project, string assembly, string line)
    {
        await using var node = HostProcess.Start(project, assembly, "--urls", "http://127.0.0.1:0", $"--ConnectionStrings:Redis=127.0.0.1:{LoopbackPorts.Unused()}");

        Assert.Equal(1, await node.ExitCodeAsync());
        var said = node.Output.Split('\n').Single(l => l.StartsWith("[stderr] " + line, StringComparison.Ordinal));
        Assert.Contains("RedisConnectionException", said, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", node.Output, StringComparison.Ordinal);
    }
}
