using System.Text.Json;

namespace OrleansRpc.Silo.Hosting;

public sealed class SiloOptions
{
    /// <summary>An activation with no call for this long is deactivated.</summary>
    public TimeSpan CollectionAge { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often idle activations are looked for.</summary>
    public TimeSpan CollectionQuantum { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How persistent grain state is turned into JSON for storage.</summary>
    public JsonSerializerOptions StateSerializerOptions { get; set; } = JsonSerializerOptions.Default;
}
