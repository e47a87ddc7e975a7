using System.Diagnostics;

namespace OrleansRpc.Benchmarks;

/// <summary>Starts this same program in another role (server, connection holder) as a child process.</summary>
internal static class SelfStart
{
    public static ProcessStartInfo Info(params string[] arguments)
    {
        var self = Environment.ProcessPath!;
        var info = new ProcessStartInfo(self)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        // Run through the dotnet host (dotnet OrleansRpc.Benchmarks.dll): hand it our assembly first.
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            info.ArgumentList.Add(typeof(SelfStart).Assembly.Location);
        }

        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return info;
    }
}
