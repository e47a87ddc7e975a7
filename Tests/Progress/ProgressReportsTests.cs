using Microsoft.Extensions.Time.Testing;
using OrleansRpc.Grains.Progress;

namespace OrleansRpc.Tests.Progress;

/// <summary>What a node holds of its calls' progress reports is bounded: in reports per call, in time, and none after the call's end.</summary>
public sealed class ProgressReportsTests
{
    [Fact]
    public async Task ACallKeepsItsLatestReportsUpToTheBoundAndLetsGoOfThoseTaken()
    {
        using var reports = new ProgressReports(new FakeTimeProvider());
        for (var i = 1; i <= ProgressReports.MaxWaiting + 500; i++)
        {
            reports.Add("c/1", [(byte)'0']);
        }

        var batch = await reports.TakeAsync("c/1", 0, final: false, TimeSpan.Zero);
        Assert.Equal(501, batch.First);
        Assert.Equal(ProgressReports.MaxWaiting, batch.Values.Length);

        // Taking after the last one written lets go of them all.
        Assert.Empty((await reports.TakeAsync("c/1", ProgressReports.MaxWaiting + 500, final: false, TimeSpan.Zero)).Values);
    }

    [Fact]
    public async Task AfterTheFinalTakeTheCallIsForgottenAndItsReportsAreDropped()
    {
        using var reports = new ProgressReports(new FakeTimeProvider());
        var entry = reports.Entry("c/1");
        reports.Add(entry, "1"u8.ToArray());
        var last = await reports.TakeAsync("c/1", 0, final: true, TimeSpan.Zero);
        Assert.Single(last.Values);
        Assert.Equal(0, reports.Count);

        // A report after the answer lands in the entry its reporter holds, which is finished.
        reports.Add(entry, "2"u8.ToArray());
        Assert.Empty(entry.Take(0, 0, out _).Values);
        Assert.Equal(0, reports.Count);

        // The sentinel: another call's report is kept.
        reports.Add("c/2", "3"u8.ToArray());
        Assert.Single((await reports.TakeAsync("c/2", 0, final: false, TimeSpan.Zero)).Values);
    }

    [Fact]
    public async Task AWaitingTakeEndsAtTheNextReport()
    {
        using var reports = new ProgressReports(new FakeTimeProvider());
        var take = reports.TakeAsync("c/1", 0, final: false, TimeSpan.FromMinutes(5));
        Assert.False(take.IsCompleted);

        reports.Add("c/1", "1"u8.ToArray());
        Assert.Equal("1"u8.ToArray(), Assert.Single((await take.WaitAsync(TimeSpan.FromSeconds(30))).Values));
    }

    [Fact]
    public async Task ACallNobodyTakesFromIsForgottenOnceIdle()
    {
        var clock = new FakeTimeProvider();
        using var reports = new ProgressReports(clock);
        reports.Add("gone/1", "1"u8.ToArray());
        clock.Advance(ProgressReports.Idle / 2);
        reports.Add("kept/1", "1"u8.ToArray());
        Assert.Equal(2, reports.Count);

        // The sweep runs every half of Idle: the first call is now idle for Idle, the second for half of it.
        clock.Advance(ProgressReports.Idle / 2);
        Assert.Equal(1, reports.Count);
        Assert.Single((await reports.TakeAsync("kept/1", 0, final: false, TimeSpan.Zero)).Values);
    }
}
