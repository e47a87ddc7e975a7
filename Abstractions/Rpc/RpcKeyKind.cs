namespace OrleansRpc.Rpc;

/// <summary>Which grain an RPC call on an interface goes to.</summary>
public enum RpcKeyKind
{
    /// <summary>One grain per connection, like a consumer instance; it goes away with the connection.</summary>
    Connection,

    /// <summary>One grain per browser session (the session cookie).</summary>
    Session,

    /// <summary>One grain for everyone, under a fixed key.</summary>
    Singleton,

    /// <summary>The grain whose key is the value of a named string parameter.</summary>
    Parameter,

    /// <summary>
    /// A <c>[StatelessWorker]</c> grain under a fixed key: Orleans runs it on the calling silo, with as many
    /// activations as there are calls at once, and keeps them between calls. For methods that keep no state.
    /// </summary>
    Stateless,
}
