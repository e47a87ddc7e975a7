using System.Text.Json;
using Orleans;
using Orleans.Concurrency;
using OrleansRpc.Rpc;

namespace OrleansRpc.Demo;

[StatelessWorker]
public sealed class CalculatorGrain : Grain, ICalculatorGrain
{
    // Checked: a result that does not fit a 64-bit integer is the client's bad params, never a wrapped number.
    public ValueTask<long> Subtract(long minuend, long subtrahend)
    {
        try
        {
            return ValueTask.FromResult(checked(minuend - subtrahend));
        }
        catch (OverflowException)
        {
            throw Overflow("subtrahend");
        }
    }

    public Task<long> Sum(params long[] values)
    {
        long total = 0;
        try
        {
            foreach (var value in values)
            {
                total = checked(total + value);
            }
        }
        catch (OverflowException)
        {
            throw Overflow("values");
        }

        return Task.FromResult(total);
    }

    public Task<object[]> GetData() => Task.FromResult<object[]>(["hello", 5]);

    public Task<JsonElement> Echo(JsonElement value) => Task.FromResult(value);

    private static JsonRpcException Overflow(string parameter) =>
        new(JsonRpcErrorCodes.InvalidParams, "Invalid params", new { parameter, reason = $"'{parameter}' takes the result past a 64-bit integer" });
}
