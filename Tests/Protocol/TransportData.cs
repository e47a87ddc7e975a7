namespace OrleansRpc.Tests.Protocol;

/// <summary>Theory data: each case once per transport.</summary>
public static class TransportData
{
    public static readonly string[] Transports = ["http", "ws"];

    public static TheoryData<string, string> Cross(IEnumerable<string> names)
    {
        var data = new TheoryData<string, string>();
        foreach (var transport in Transports)
        {
            foreach (var name in names)
            {
                data.Add(transport, name);
            }
        }

        return data;
    }
}
