namespace OrleansRpc.Benchmarks.Server;

public sealed class ItemsBenchGrain : Grain, IItemsBenchGrain
{
    public async IAsyncEnumerable<int> Items(int count)
    {
        for (var i = 0; i < count; i++)
        {
            yield return i;
        }

        await Task.CompletedTask;
    }

    public Task<int[]> ItemsArray(int count)
    {
        var items = new int[count];
        for (var i = 0; i < count; i++)
        {
            items[i] = i;
        }

        return Task.FromResult(items);
    }
}
