using OrleansRpc.Testing;

namespace OrleansRpc.Benchmarks;

/// <summary>Starts this same program in another role (server, connection holder) as a child process.</summary>
internal static class SelfStart
{
    public static TestProcess Start(params string[] arguments)
    {
        var self = Environment.ProcessPath!;

        // Run through the dotnet host (dotnet OrleansRpc.Benchmarks.dll): hand it our assembly first.
        string[] all = Path.GetFileNameWithoutExtension(self) == "dotnet" ? [typeof(SelfStart).Assembly.Location, .. arguments] : arguments;
        return TestProcess.Start(self, Environment.CurrentDirectory, null, all);
    }
}
