using System.Globalization;
using System.Runtime.InteropServices;

namespace OrleansRpc.Benchmarks.Load;

/// <summary>
/// This process's open-file limit (RLIMIT_NOFILE), raised before the server and the connection holders
/// start so that they inherit it, as <c>ulimit -n</c> in a shell would: the connection scenario can then
/// go past 50,000 connections where the machine allows it, and say what refused it where it does not.
/// </summary>
internal static class FileLimit
{
    // RLIMIT_NOFILE has this number on every Linux architecture .NET runs on.
    private const int NoFile = 7;
    private const int CapSysResource = 24;

    public static FileLimitRaise Raise(ulong wanted)
    {
        if (!OperatingSystem.IsLinux() || GetLimit(NoFile, out var before) != 0)
        {
            return new FileLimitRaise(0, 0, wanted, "the file limit is read and raised on Linux only");
        }

        if (before.Current >= wanted)
        {
            return new FileLimitRaise(before.Current, before.Current, wanted, null);
        }

        var raised = new RLimit { Current = wanted, Maximum = Math.Max(wanted, before.Maximum) };
        if (SetLimit(NoFile, ref raised) == 0)
        {
            return new FileLimitRaise(before.Current, Read(before.Current), wanted, null);
        }

        var error = Marshal.GetLastPInvokeError();

        // Without the privilege to lift the hard limit, take all of the hard limit at least.
        var soft = new RLimit { Current = before.Maximum, Maximum = before.Maximum };
        SetLimit(NoFile, ref soft);
        var refusal = string.Create(
            CultureInfo.InvariantCulture,
            $"raising the hard limit from {before.Maximum:N0} was refused ({Marshal.GetPInvokeErrorMessage(error)}); it takes CAP_SYS_RESOURCE, which this process {(HasCapability(CapSysResource) ? "has" : "lacks")}");
        return new FileLimitRaise(before.Current, Read(before.Current), wanted, refusal);
    }

    private static ulong Read(ulong fallback) => GetLimit(NoFile, out var limit) == 0 ? limit.Current : fallback;

    /// <summary>From the effective capability set in /proc/self/status, a hexadecimal bit mask.</summary>
    private static bool HasCapability(int bit)
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("CapEff:", StringComparison.Ordinal))
            {
                var mask = ulong.Parse(line["CapEff:".Length..].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                return (mask & (1UL << bit)) != 0;
            }
        }

        return false;
    }

    [DllImport("libc", EntryPoint = "getrlimit", SetLastError = true)]
    private static extern int GetLimit(int resource, out RLimit limit);

    [DllImport("libc", EntryPoint = "setrlimit", SetLastError = true)]
    private static extern int SetLimit(int resource, ref RLimit limit);

    [StructLayout(LayoutKind.Sequential)]
    private struct RLimit
    {
        public ulong Current;
        public ulong Maximum;
    }
}
