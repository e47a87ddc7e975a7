namespace OrleansRpc.Benchmarks.Load;

/// <summary>What one received WebSocket message held: replies (by request id), group notifications (by payload number), errors.</summary>
internal sealed class ParsedMessage
{
    public List<int> Replies { get; } = [];

    public List<int> Notifications { get; } = [];

    public int Errors { get; set; }

    public void Clear()
    {
        Replies.Clear();
        Notifications.Clear();
        Errors = 0;
    }
}
