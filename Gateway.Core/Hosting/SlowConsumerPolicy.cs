namespace OrleansRpc.Gateway.Hosting;

/// <summary>What happens to a connection whose outbound queue of notifications is full.</summary>
public enum SlowConsumerPolicy
{
    /// <summary>Close it with 1008: the client missed messages and must reconnect and resynchronize.</summary>
    Close,

    /// <summary>Drop its oldest queued notification (never an answer) and keep it open.</summary>
    DropOldest,
}
