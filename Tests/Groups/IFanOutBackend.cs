namespace OrleansRpc.Tests.Groups;

/// <summary>The nodes the fan-out spec runs on, and what it asks of them as a whole.</summary>
public interface IFanOutBackend : IAsyncDisposable
{
    IReadOnlyList<IFanOutNode> Nodes { get; }

    /// <summary>
    /// A new group's name. With <paramref name="home"/>, the group's grain lives on that node; without, it
    /// lives where the backend makes the fan-out cross the most nodes.
    /// </summary>
    Task<string> NewGroupAsync(IFanOutNode? home = null);

    /// <summary>Orleans's idle collection, now, on every silo, whatever each activation's age.</summary>
    Task CollectIdleActivationsAsync();

    /// <summary>Another backend of the same shape, its gateways started with the configuration given (<c>--Key=value</c>).</summary>
    Task<IFanOutBackend> StartAnotherAsync(params string[] settings);
}
