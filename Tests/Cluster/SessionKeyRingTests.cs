using OrleansRpc.Tests.Infrastructure;
using Xunit.Abstractions;

namespace OrleansRpc.Tests.Cluster;

/// <summary>
/// Gateways on Redis share the browser session with no key configured: the cookie is protected with Data
/// Protection, whose key ring lives in the cluster's Redis, so a Gateway started after the cookie was made
/// reads it too.
/// </summary>
public sealed class SessionKeyRingTests(ITestOutputHelper output)
{
    [Fact]
    public async Task AGatewayStartedLaterReadsASessionCookieMadeBeforeItStarted()
    {
        await using var cluster = await ClusterTopology.StartAsync(gateways: 1, silos: 0);
        await cluster.ExplainFailureAsync(async () =>
        {
            using var http = new HttpClient(new HttpClientHandler { UseCookies = false });
            using var set = await CookieRequests.PostAsync(http, cluster.Gateways[0].HttpEndpoint, null, """{"jsonrpc":"2.0","method":"user_session.set","params":["colour","blue"],"id":1}""");
            var cookie = "orpc_session=" + CookieRequests.SetCookieValue(set, "orpc_session");

            var later = await cluster.AddGatewayAsync();
            using var read = await CookieRequests.PostAsync(http, later.HttpEndpoint, cookie, """{"jsonrpc":"2.0","method":"user_session.get","params":["colour"],"id":2}""");
            output.WriteLine(cluster.Outputs());

            JsonAssert.Equal("""{"jsonrpc":"2.0","result":"blue","id":2}""", await read.Content.ReadAsStringAsync());
            Assert.False(read.Headers.Contains("Set-Cookie"), "the later Gateway did not read the cookie and started a session of its own");
        });
    }
}
