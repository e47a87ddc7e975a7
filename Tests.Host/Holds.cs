using System.Collections.Concurrent;

namespace OrleansRpc.Tests.Host;

/// <summary>The holds of <see cref="IHoldGrain"/> by name, released by <c>release {name}</c> lines on standard input.</summary>
public sealed class Holds
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _holds = new(StringComparer.Ordinal);

    public Task Get(string name) => Entry(name).Task;

    public void Release(string name) => Entry(name).TrySetResult();

    /// <summary>Reads commands until standard input ends.</summary>
    public async Task ReadCommandsAsync(TextReader input)
    {
        while (await input.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("release ", StringComparison.Ordinal))
            {
                Release(line["release ".Length..]);
            }
        }
    }

    private TaskCompletionSource Entry(string name) =>
        _holds.GetOrAdd(name, static _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
