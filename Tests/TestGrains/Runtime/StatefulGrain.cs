using OrleansRpc.Runtime;
using OrleansRpc.Storage;

namespace OrleansRpc.Tests.TestGrains.Runtime;

public sealed class StatefulGrain([PersistentState("count")] IPersistentState<CountState> state) : Grain, IStatefulGrain
{
    public async Task<int> Increment()
    {
        state.State.Count++;
        await state.WriteStateAsync();
        return state.State.Count;
    }

    public Task<int> Get() => Task.FromResult(state.State.Count);
}
