using Microsoft.Extensions.Hosting;

namespace OrleansRpc.Hosting;

/// <summary>
/// How the Gateway and the Silo run their host and end when it fails (to start, mostly: Redis out of
/// reach, a port taken). The host has logged the failure in full; this writes its one line and returns an
/// exit code a service manager reads as "start me again", rather than letting the runtime abort with a
/// stack trace.
/// </summary>
public static class HostFailure
{
    /// <returns>The process's exit code: 0 once the host has stopped, 1 if building or running it failed.</returns>
    public static async Task<int> RunAsync(string node, Func<IHost> build)
    {
        try
        {
            await build().RunAsync();
            return 0;
        }
        catch (Exception ex)
        {
            Console.Error.WriteLine($"The {node} stopped: {Chain(ex)}: {ex.GetBaseException().Message}");
            return 1;
        }
    }

    private static string Chain(Exception exception)
    {
        var chain = new System.Text.StringBuilder();
        for (var current = exception; current is not null; current = current.InnerException)
        {
            chain.Append(chain.Length == 0 ? "" : " <- ").Append(current.GetType().Name);
        }

        return chain.ToString();
    }
}
