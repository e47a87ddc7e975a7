namespace OrleansRpc.Grains.Sessions;

public sealed class SessionGrainOptions
{
    /// <summary>
    /// A session not used for this long is forgotten. The embedded gateway, whose storage is its own memory,
    /// sets 20 minutes (ASP.NET Core's session default), so that abandoned sessions do not pile up in it.
    /// </summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromDays(14);

    /// <summary>
    /// Forget a session's values when Orleans collects its idle activation, which it does after
    /// <see cref="IdleTimeout"/> of silence: for a storage that forgets nothing by itself, such as the
    /// embedded gateway's memory, which would otherwise keep every session a client made for the whole idle
    /// time, used or not. On by default only there.
    /// </summary>
    public bool ForgetWhenCollected { get; set; }

    /// <summary>How stale the stored last-access time may get, so that reads do not write on every call.</summary>
    public TimeSpan AccessWriteInterval { get; set; } = TimeSpan.FromMinutes(1);
}
