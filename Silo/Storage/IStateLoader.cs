namespace OrleansRpc.Silo.Storage;

/// <summary>A persistent state the runtime reads before the grain's OnActivateAsync.</summary>
internal interface IStateLoader
{
    Task ReadStateAsync();
}
