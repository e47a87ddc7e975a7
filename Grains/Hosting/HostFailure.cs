namespace OrleansRpc.Grains.Hosting;

/// <summary>
/// How the Gateway and the Silo end when their host fails (to start, mostly: Redis out of reach, a port
/// taken). The host has logged the failure in full; this writes its one line and returns an exit code a
/// service manager reads as "start me again", rather than letting the runtime abort with a stack trace.
/// </summary>
public static class HostFailure
{
    public static int Report(string node, Exception exception)
    {
        var chain = new System.Text.StringBuilder();
        for (var current = exception; current is not null; current = current.InnerException)
        {
            chain.Append(chain.Length == 0 ? "" : " <- ").Append(current.GetType().Name);
        }

        Console.Error.WriteLine($"The {node} stopped: {chain}: {exception.GetBaseException().Message}");
        return 1;
    }
}
