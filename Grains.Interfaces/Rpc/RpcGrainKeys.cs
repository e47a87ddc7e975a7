using System.Reflection;

namespace OrleansRpc.Rpc;

/// <summary>Reads which grain a grain interface's RPC calls go to.</summary>
public static class RpcGrainKeys
{
    private static readonly RpcGrainKeyAttribute s_connection = new(RpcKeyKind.Connection);

    /// <summary>The interface's <see cref="RpcGrainKeyAttribute"/>; a grain per connection when it has none.</summary>
    public static RpcGrainKeyAttribute Of(Type grainInterface) =>
        grainInterface.GetCustomAttribute<RpcGrainKeyAttribute>() ?? s_connection;

    /// <summary>Whether the interface declares a method tagged <see cref="JsonRpcAttribute"/>.</summary>
    public static bool HasRpcMethods(Type grainInterface)
    {
        foreach (var method in grainInterface.GetMethods())
        {
            if (method.GetCustomAttribute<JsonRpcAttribute>() is not null)
            {
                return true;
            }
        }

        return false;
    }
}
