using System.Text;
using OrleansRpc.Gateway.Delivery;
using OrleansRpc.Gateway.WebSockets;
using OrleansRpc.Notifications;

namespace OrleansRpc.Tests.WebSockets;

/// <summary>
/// A connection's queue of frames on their own: first in, first out through every wrap and growth of its
/// ring, the oldest notification dropped in place, and what is handed back on close in order.
/// </summary>
public sealed class OutboundQueueTests
{
    [Fact]
    public void FramesLeaveInTheOrderQueuedThroughWrapsAndGrowth()
    {
        var queue = new OutboundQueue(capacity: 1_000);
        var batch = new OutboundFrame[3];
        var next = 0;
        var expected = 0;

        // Uneven rounds: more queued than taken, so the ring wraps with frames on both sides of its end, then grows.
        for (var round = 0; round < 40; round++)
        {
            for (var i = 0; i < 1 + round % 5; i++)
            {
                Assert.Equal(EnqueueResult.Queued, queue.Enqueue(Notification(next++), dropOldest: false, out _, out _));
            }

            var taken = queue.TakeBatch(batch, int.MaxValue, stopIfEmpty: false);
            Assert.Equal(Names(expected, taken), Names(batch.AsSpan(0, taken)));
            expected += taken;
        }

        while (queue.TakeBatch(batch, int.MaxValue, stopIfEmpty: true) is var taken and > 0)
        {
            Assert.Equal(Names(expected, taken), Names(batch.AsSpan(0, taken)));
            expected += taken;
        }

        Assert.Equal(next, expected);
    }

    [Fact]
    public void AFullQueueDropsItsOldestNotificationAndKeepsTheRestInOrder()
    {
        var queue = QueuePastItsRingStart(capacity: 3);
        var batch = new OutboundFrame[8];
        for (var i = 1; i <= 3; i++)
        {
            queue.Enqueue(Notification(i), dropOldest: false, out _, out _);
        }

        Assert.Equal(EnqueueResult.Full, queue.Enqueue(Notification(4), dropOldest: false, out _, out _));
        Assert.Equal(EnqueueResult.Queued, queue.Enqueue(Notification(5), dropOldest: true, out _, out var dropped));
        Assert.Equal("n1", Name(dropped!.Value));

        var taken = queue.TakeBatch(batch, int.MaxValue, stopIfEmpty: false);
        Assert.Equal(["n2", "n3", "n5"], Names(batch.AsSpan(0, taken)));
    }

    [Fact]
    public void ClosingHandsBackDataInOrderAndKeepsControlFramesQueued()
    {
        var queue = QueuePastItsRingStart(capacity: 100);
        var ping = ControlFrame.Ping("p"u8);
        queue.Enqueue(Notification(1), dropOldest: false, out _, out _);
        queue.Enqueue(OutboundFrame.ForControl(ping), dropOldest: false, out _, out _);
        queue.Enqueue(Notification(2), dropOldest: false, out _, out _);
        queue.Enqueue(Notification(3), dropOldest: false, out _, out _);

        Assert.Equal(["n1", "n2", "n3"], Names(queue.CloseData()));
        Assert.Equal(EnqueueResult.Closed, queue.Enqueue(Notification(4), dropOldest: false, out _, out _));

        var pong = ControlFrame.Pong("q"u8);
        queue.Enqueue(OutboundFrame.ForControl(pong), dropOldest: false, out _, out _);
        var remaining = queue.Seal(out _);
        Assert.Equal(2, remaining.Length);
        Assert.Same(ping, remaining[0].Control);
        Assert.Same(pong, remaining[1].Control);
        Assert.Empty(queue.Seal(out _));
    }

    /// <summary>An empty queue whose next frame goes past the start of its ring: one was queued and taken first.</summary>
    private static OutboundQueue QueuePastItsRingStart(int capacity)
    {
        var queue = new OutboundQueue(capacity);
        queue.Enqueue(Notification(0), dropOldest: false, out _, out _);
        Assert.Equal(1, queue.TakeBatch(new OutboundFrame[1], int.MaxValue, stopIfEmpty: false));
        return queue;
    }

    private static OutboundFrame Notification(int number) =>
        OutboundFrame.ForNotification(new NodeNotification(new ServerNotification("test", Encoding.UTF8.GetBytes($"n{number}"), default)), version1: false);

    private static string Name(in OutboundFrame frame) => Encoding.UTF8.GetString(frame.Payload);

    private static string[] Names(ReadOnlySpan<OutboundFrame> frames)
    {
        var names = new string[frames.Length];
        for (var i = 0; i < frames.Length; i++)
        {
            names[i] = Name(frames[i]);
        }

        return names;
    }

    private static string[] Names(int first, int count) => Enumerable.Range(first, count).Select(i => $"n{i}").ToArray();
}
