using Orleans;
using OrleansRpc.Rpc;

namespace MyService.Greetings;

public sealed class GreeterGrain : Grain, IGreeterGrain
{
    private int _greetings;

    public Task<string> Greet(string name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            // Sent to the client as this JSON-RPC error, exactly.
            throw new JsonRpcException(JsonRpcErrorCodes.InvalidParams, "Invalid params", new { parameter = "name", reason = "must not be empty" });
        }

        _greetings++;
        return Task.FromResult($"Hello, {name}! (greeting {_greetings} on this connection)");
    }
}
