using System.Globalization;
using OrleansRpc.Benchmarks.Load;
using OrleansRpc.Tests.Infrastructure;

namespace OrleansRpc.Tests.Benchmarks;

/// <summary>
/// The benchmark raises its own open-file limit for the connection scenario; these run it on the test
/// process itself, where raising the soft limit up to the hard one is harmless.
/// </summary>
public sealed class FileLimitTests
{
    [Fact]
    public void ALimitAlreadyAsHighAsWantedIsLeftAsItIs()
    {
        var (soft, _) = ProcessFileLimits.Read();

        var result = FileLimit.Raise(soft);

        Assert.True(result.Reached);
        Assert.Equal(soft, result.Before);
        Assert.Equal(soft, result.After);
        Assert.Null(result.Refusal);
        Assert.Contains("already", result.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void PastTheHardLimitOnlyTheCapabilityRaisesItAndAFailureSaysWhatRefused()
    {
        var (_, hard) = ProcessFileLimits.Read();
        var wanted = hard + 1;

        var result = FileLimit.Raise(wanted);

        // Even the capability cannot take the limit past the kernel's ceiling, fs.nr_open.
        var capable = HasSysResourceCapability();
        var ceiling = ulong.Parse(File.ReadAllText("/proc/sys/fs/nr_open").Trim(), CultureInfo.InvariantCulture);
        if (capable && wanted <= ceiling)
        {
            Assert.True(result.Reached, result.Refusal);
            Assert.Equal(wanted, ProcessFileLimits.Read().Soft);
        }
        else
        {
            Assert.False(result.Reached);
            Assert.Equal(hard, result.After);
            Assert.Equal(hard, ProcessFileLimits.Read().Soft);
            Assert.Contains($"CAP_SYS_RESOURCE, which this process {(capable ? "has" : "lacks")}", result.Refusal, StringComparison.Ordinal);
            Assert.Contains(hard.ToString("N0", CultureInfo.InvariantCulture), result.Describe(), StringComparison.Ordinal);
        }
    }

    private static bool HasSysResourceCapability()
    {
        var line = File.ReadLines("/proc/self/status").Single(l => l.StartsWith("CapEff:", StringComparison.Ordinal));
        var mask = ulong.Parse(line["CapEff:".Length..].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        return (mask & (1UL << 24)) != 0;
    }
}
