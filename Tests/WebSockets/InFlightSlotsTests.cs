using OrleansRpc.Gateway.WebSockets;

namespace OrleansRpc.Tests.WebSockets;

/// <summary>The in-flight limit's counter: slots taken and given back, and its one waiter woken, never missed.</summary>
public sealed class InFlightSlotsTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public void NoSlotIsTakenPastTheCapacityUntilOneIsGivenBack()
    {
        var slots = new InFlightSlots(2);
        Assert.True(slots.TryTake());
        Assert.True(slots.TryTake());
        Assert.False(slots.TryTake());
        Assert.Equal(0, slots.Free);

        slots.Release();
        Assert.True(slots.TryTake());
        Assert.False(slots.TryTake());
    }

    [Fact]
    public async Task AWaiterForOneSlotWakesWhenOneIsGivenBack()
    {
        var slots = new InFlightSlots(1);
        Assert.True(slots.TryTake());
        var waiting = slots.WhenFreeAsync(1);
        Assert.False(waiting.IsCompleted);

        slots.Release();
        await waiting.WaitAsync(s_timeout);
        Assert.True(slots.TryTake());
    }

    [Fact]
    public async Task AWaiterForEverySlotWakesOnlyWhenAllAreBack()
    {
        var slots = new InFlightSlots(3);
        for (var i = 0; i < 3; i++)
        {
            Assert.True(slots.TryTake());
        }

        var drained = slots.WhenFreeAsync(3);
        slots.Release(2);
        Assert.False(drained.IsCompleted);

        slots.Release();
        await drained.WaitAsync(s_timeout);
        Assert.Equal(3, slots.Free);
    }

    [Fact]
    public async Task AReleaseRacingTheWaiterIsNeverMissed()
    {
        // One taker and one releaser hand a single slot back and forth: the releaser, spinning on its own
        // thread, gives the slot back the moment it is told, while the taker is between finding no slot
        // and waiting for one. A wake-up lost in that window would leave the taker waiting for good.
        const int Rounds = 100_000;
        var slots = new InFlightSlots(1);
        var told = 0;
        var releaser = new Thread(() =>
        {
            for (var i = 1; i <= Rounds; i++)
            {
                var spin = default(SpinWait);
                while (Volatile.Read(ref told) < i)
                {
                    spin.SpinOnce(sleep1Threshold: -1);
                }

                slots.Release();
            }
        }) { IsBackground = true };
        releaser.Start();

        var taker = Task.Run(async () =>
        {
            for (var i = 1; i <= Rounds; i++)
            {
                while (!slots.TryTake())
                {
                    await slots.WhenFreeAsync(1);
                }

                Volatile.Write(ref told, i);
            }
        });

        // Judged by progress, not by a deadline for the whole: on a machine busy with other work each
        // hand-over can take a scheduler's time slice (100,000 of them took over 30 s with both cores
        // taken), but a lost wake-up stops the hand-overs for good.
        while (!taker.IsCompleted)
        {
            var before = Volatile.Read(ref told);
            if (await Task.WhenAny(taker, Task.Delay(s_timeout)) != taker && Volatile.Read(ref told) == before)
            {
                Assert.Fail($"No hand-over for {s_timeout.TotalSeconds} s after {before} of {Rounds}, with {slots.Free} slot(s) free.");
            }
        }

        await taker;
        Assert.True(releaser.Join(s_timeout));
        Assert.Equal(1, slots.Free);
    }

    [Fact]
    public void WhenNoCallsWaitsForTheCallsButNotForTheReadersSlot()
    {
        var slots = new InFlightSlots(4);
        Assert.True(slots.TryTake());
        slots.StartReading();
        slots.StopReading();                   // handed on: a call
        Assert.True(slots.TryTake());
        slots.StartReading();                  // the receive loop waits for the next message

        var fired = 0;
        slots.WhenNoCalls(() => fired++);
        Assert.Equal(0, fired);

        // A message handed on and answered at once (as -32003 is) while the first call runs: still a call left.
        slots.StopReading();
        slots.Release();
        Assert.Equal(0, fired);
        Assert.True(slots.TryTake());
        slots.StartReading();
        Assert.Equal(0, fired);

        slots.Release();                       // the first call is answered
        Assert.Equal(1, fired);
        slots.StopReading();
        slots.Release();
        Assert.Equal(1, fired);
    }

    [Fact]
    public void WhenNoCallsRunsAtOnceWithoutCalls()
    {
        var slots = new InFlightSlots(4);
        Assert.True(slots.TryTake());
        slots.StartReading();
        var fired = 0;
        slots.WhenNoCalls(() => fired++);
        Assert.Equal(1, fired);
    }
}
