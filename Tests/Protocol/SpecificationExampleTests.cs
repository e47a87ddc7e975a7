using OrleansRpc.Tests.Infrastructure;

namespace OrleansRpc.Tests.Protocol;

public sealed class SpecificationExampleTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    public static TheoryData<string, string> V2Cases => TransportData.Cross(SpecificationExamples.V2.Keys);

    public static TheoryData<string, string> V1Cases => TransportData.Cross(SpecificationExamples.V1.Keys);

    [Theory]
    [MemberData(nameof(V2Cases))]
    public Task JsonRpc20Example(string transport, string name) => RunAsync(transport, SpecificationExamples.V2[name]);

    [Theory]
    [MemberData(nameof(V1Cases))]
    public Task JsonRpc10Example(string transport, string name) => RunAsync(transport, SpecificationExamples.V1[name]);

    private async Task RunAsync(string transport, ProtocolExample example)
    {
        await using var client = fixture.Server.Client(transport);
        await example.AssertAsync(client);
    }
}
