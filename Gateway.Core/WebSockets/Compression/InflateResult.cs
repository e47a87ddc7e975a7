namespace OrleansRpc.Gateway.WebSockets.Compression;

/// <summary>How <see cref="MessageInflater.Inflate"/> ended.</summary>
internal enum InflateResult
{
    Inflated,

    /// <summary>The message inflates to more than the limit: a small compressed message can be a very large one.</summary>
    TooBig,

    /// <summary>The bytes are not DEFLATE, or refer back further than anything inflated.</summary>
    Invalid,
}
