using System.Reflection;
using System.Text.Json;
using OrleansRpc.Rpc;
using OrleansRpc.Silo.Catalog;

namespace OrleansRpc.Gateway.Methods;

/// <summary>Builds the method table once at start-up from the tagged methods of every hosted grain interface.</summary>
internal static class MethodTableBuilder
{
    public static MethodTable Build(GrainCatalog catalog, JsonSerializerOptions options)
    {
        var methods = new Dictionary<string, RpcMethod>(StringComparer.Ordinal);
        foreach (var contract in catalog.GrainInterfaces.OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            foreach (var method in contract.GetMethods())
            {
                if (method.GetCustomAttribute<JsonRpcAttribute>() is not { } attribute)
                {
                    continue;
                }

                var rpcMethod = Create(contract, method, attribute, catalog.GetGrainClass(contract), options);
                if (methods.TryGetValue(rpcMethod.Name, out var existing))
                {
                    throw new InvalidOperationException(
                        $"The JSON-RPC method name '{rpcMethod.Name}' is used by both {existing.DisplayName} and {rpcMethod.DisplayName}.");
                }

                methods.Add(rpcMethod.Name, rpcMethod);
            }
        }

        return new MethodTable(methods);
    }

    private static RpcMethod Create(Type contract, MethodInfo method, JsonRpcAttribute attribute, GrainClass grainClass, JsonSerializerOptions options)
    {
        var name = attribute.Name ?? method.Name;
        var where = $"{contract.Name}.{method.Name}";
        if (name.Length == 0 || name.Length > MethodTable.MaxNameLength)
        {
            throw new InvalidOperationException($"{where}: a JSON-RPC method name has 1 to {MethodTable.MaxNameLength} characters.");
        }

        if (name.StartsWith("rpc.", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{where}: names beginning with 'rpc.' are reserved by the JSON-RPC specification.");
        }

        var layout = new ArgumentLayout(method);
        var parameters = method.GetParameters().Select(p => new RpcParameter(p, layout, options)).ToArray();
        var bound = parameters.Where(p => p.Source == ParameterSource.Bound).ToArray();
        var raw = parameters.SingleOrDefault(p => p.Source == ParameterSource.RawParams);
        if (raw is not null && bound.Length > 0)
        {
            throw new InvalidOperationException($"{where}: a [JsonRpcParams] parameter takes all of params, so the method can have no other bound parameter.");
        }

        var key = contract.GetCustomAttribute<RpcGrainKeyAttribute>() ?? new RpcGrainKeyAttribute(RpcKeyKind.Connection);
        var keyPosition = -1;
        if (key.Kind == RpcKeyKind.Parameter)
        {
            var keyParameter = bound.FirstOrDefault(p => p.Name == key.Value && p.Type == typeof(string))
                ?? throw new InvalidOperationException($"{where}: the grain key is the string parameter '{key.Value}', which this method does not have.");
            keyPosition = keyParameter.Position;
        }

        return new RpcMethod
        {
            Name = name,
            Method = method,
            IsNotificationOnly = attribute is JsonRpcNotificationAttribute,
            AllowWebSocket = attribute.WebSocket,
            AllowHttp = attribute.Http,
            Parameters = parameters,
            Bound = bound,
            RawParams = raw,
            GrainClass = grainClass,
            KeyKind = key.Kind,
            SingletonKey = key.Kind == RpcKeyKind.Singleton ? key.Value ?? "default" : null,
            KeyParameterPosition = keyPosition,
            ReadKey = keyPosition < 0 ? null : layout.Getter<string?>(keyPosition),
            Calls = layout.Factory,
            Invoker = RpcInvoker.Create(method, layout, options),
            Authorization = MethodAuthorizer.Requirements(contract, method),
        };
    }
}
