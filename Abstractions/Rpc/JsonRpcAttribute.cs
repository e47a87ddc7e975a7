namespace OrleansRpc.Rpc;

/// <summary>Common shape of the two attributes that expose a grain interface method over JSON-RPC.</summary>
public abstract class JsonRpcAttribute(string? name) : Attribute
{
    /// <summary>The JSON-RPC method name; the C# method name when not given.</summary>
    public string? Name { get; } = name;

    public bool WebSocket { get; set; } = true;

    public bool Http { get; set; } = true;
}
