namespace OrleansRpc.Diagnostics;

/// <summary>
/// The product's meter, one name for the gateway's instruments and the grains': what a
/// <c>MeterListener</c>, <c>dotnet-counters monitor --counters OrleansRpc</c> or an OpenTelemetry
/// <c>AddMeter</c> names to see them.
/// </summary>
public static class OrleansRpcMeter
{
    public const string Name = "OrleansRpc";
}
