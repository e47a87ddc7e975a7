using System.Text.Json;
using Orleans;
using Orleans.Concurrency;

namespace OrleansRpc.Demo;

[StatelessWorker]
public sealed class CalculatorGrain : Grain, ICalculatorGrain
{
    public ValueTask<long> Subtract(long minuend, long subtrahend) => ValueTask.FromResult(minuend - subtrahend);

    public Task<long> Sum(params long[] values)
    {
        long total = 0;
        foreach (var value in values)
        {
            total += value;
        }

        return Task.FromResult(total);
    }

    public Task<object[]> GetData() => Task.FromResult<object[]>(["hello", 5]);

    public Task<JsonElement> Echo(JsonElement value) => Task.FromResult(value);
}
