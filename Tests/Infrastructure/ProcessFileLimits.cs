using System.Globalization;

namespace OrleansRpc.Tests.Infrastructure;

/// <summary>
/// This test process's open-file limits, read from /proc/self/limits on their own, so that tests of the code
/// that reads or raises them do not check it against itself.
/// </summary>
internal static class ProcessFileLimits
{
    public static (ulong Soft, ulong Hard) Read()
    {
        const string Prefix = "Max open files";
        var line = File.ReadLines("/proc/self/limits").Single(l => l.StartsWith(Prefix, StringComparison.Ordinal));
        var fields = line[Prefix.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return (ulong.Parse(fields[0], CultureInfo.InvariantCulture), ulong.Parse(fields[1], CultureInfo.InvariantCulture));
    }
}
