namespace OrleansRpc.Grains.Sessions;

public sealed class SessionGrainOptions
{
    /// <summary>A session not used for this long is forgotten.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromDays(14);

    /// <summary>How stale the stored last-access time may get, so that reads do not write on every call.</summary>
    public TimeSpan AccessWriteInterval { get; set; } = TimeSpan.FromMinutes(1);
}
