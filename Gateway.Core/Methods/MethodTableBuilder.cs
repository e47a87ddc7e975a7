using System.Reflection;
using System.Text.Json;
using Orleans;
using Orleans.Concurrency;
using OrleansRpc.Grains.Progress;
using OrleansRpc.Rpc;

namespace OrleansRpc.Gateway.Methods;

/// <summary>
/// Builds the method table once at start-up from the tagged methods of the grain interfaces the host
/// listed (<see cref="Hosting.JsonRpcOptions.GrainInterfaces"/>), checking that the silo hosts a grain
/// class for each.
/// </summary>
internal static class MethodTableBuilder
{
    /// <param name="grainClasses">The grain classes the silo hosts (Orleans's <c>GrainTypeOptions.Classes</c>).</param>
    /// <param name="progress">The node's progress reports, which <c>IProgress&lt;T&gt;</c> parameters report to.</param>
    public static MethodTable Build(IEnumerable<Type> grainInterfaces, IReadOnlyCollection<Type> grainClasses, JsonSerializerOptions options, ProgressReports progress)
    {
        var methods = new Dictionary<string, RpcMethod>(StringComparer.Ordinal);
        foreach (var contract in grainInterfaces.Distinct().OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            var key = RpcGrainKeys.Of(contract);
            if (RpcGrainKeys.HasRpcMethods(contract))
            {
                CheckHosted(contract, key, grainClasses);
            }

            foreach (var method in contract.GetMethods())
            {
                if (method.GetCustomAttribute<JsonRpcAttribute>() is not { } attribute)
                {
                    continue;
                }

                var rpcMethod = Create(contract, method, attribute, key, options, progress);
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

    private static void CheckHosted(Type contract, RpcGrainKeyAttribute key, IReadOnlyCollection<Type> grainClasses)
    {
        if (!contract.IsInterface || !typeof(IGrainWithStringKey).IsAssignableFrom(contract))
        {
            throw new InvalidOperationException($"{contract.Name}: RPC methods are declared on grain interfaces with string keys (IGrainWithStringKey).");
        }

        var implementations = grainClasses.Where(c => contract.IsAssignableFrom(c) && !c.IsAbstract).ToArray();
        if (implementations.Length == 0)
        {
            throw new InvalidOperationException($"{contract.Name}: no grain class of the silo implements it; reference the assembly of its grain class from the host.");
        }

        if (key.Kind == RpcKeyKind.Stateless && implementations.FirstOrDefault(c => c.GetCustomAttribute<StatelessWorkerAttribute>() is null) is { } stateful)
        {
            throw new InvalidOperationException($"{contract.Name} is RpcKeyKind.Stateless, but {stateful.Name} is not a [StatelessWorker] grain.");
        }

        // Each pull of a sequence after the first is a call of its own (Orleans's IAsyncEnumerableGrainExtension),
        // and a stateless worker's calls go to whichever of its activations on the node is free: one that
        // may have several would let a pull reach an activation that never started the sequence.
        if (key.Kind == RpcKeyKind.Stateless
            && contract.GetMethods().Concat(contract.GetInterfaces().SelectMany(i => i.GetMethods())).FirstOrDefault(IsStreamed) is { } streamed
            && implementations.FirstOrDefault(c => MaxLocalWorkers(c) != 1) is { } several)
        {
            throw new InvalidOperationException(
                $"{contract.Name}.{streamed.Name} returns IAsyncEnumerable<T>, but {several.Name} may run several activations on a node, and each later pull of a sequence must reach the one that started it: give it [StatelessWorker(1)] (and [Reentrant], if its calls wait).");
        }
    }

    /// <summary>The activations a node may run of a stateless worker: its attribute's first argument; without one, as many as cores.</summary>
    private static int MaxLocalWorkers(Type grainClass) =>
        grainClass.GetCustomAttributesData().FirstOrDefault(a => a.AttributeType == typeof(StatelessWorkerAttribute)) is { ConstructorArguments: [{ Value: int max }, ..] } ? max : -1;

    private static bool IsStreamed(MethodInfo method) =>
        method.ReturnType.IsGenericType && method.ReturnType.GetGenericTypeDefinition() == typeof(IAsyncEnumerable<>);

    private static RpcMethod Create(Type contract, MethodInfo method, JsonRpcAttribute attribute, RpcGrainKeyAttribute key, JsonSerializerOptions options, ProgressReports progress)
    {
        var name = attribute.Name ?? method.Name;
        var where = $"{contract.Name}.{method.Name}";
        if (name.Length == 0 || name.Length > MethodTable.MaxNameLength)
        {
            throw new InvalidOperationException($"{where}: a JSON-RPC method name has 1 to {MethodTable.MaxNameLength} characters.");
        }

        if (name.StartsWith("rpc.", StringComparison.Ordinal) && contract != typeof(Discovery.IOpenRpcGrain))
        {
            throw new InvalidOperationException($"{where}: names beginning with 'rpc.' are reserved by the JSON-RPC specification.");
        }

        if (name.StartsWith("$/", StringComparison.Ordinal) && contract != typeof(Enumerations.IEnumeratorGrain))
        {
            throw new InvalidOperationException($"{where}: names beginning with '$/' are the protocol's own ($/cancelRequest, $/progress, $/enumerator/...).");
        }

        var layout = new ArgumentLayout(method);
        var parameters = method.GetParameters().Select(p => new RpcParameter(p, layout, options, progress)).ToArray();
        if (parameters.Count(p => p.IsProgress) > 1)
        {
            throw new InvalidOperationException($"{where}: a method has at most one IProgress<T> parameter.");
        }

        var bound = parameters.Where(p => p.Source == ParameterSource.Bound).ToArray();
        var raw = parameters.SingleOrDefault(p => p.Source == ParameterSource.RawParams);
        if (raw is not null && bound.Length > 0)
        {
            throw new InvalidOperationException($"{where}: a [JsonRpcParams] parameter takes all of params, so the method can have no other bound parameter.");
        }

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
            GrainInterface = contract,
            KeyKind = key.Kind,
            UsesSession = key.Kind == RpcKeyKind.Session || Array.Exists(parameters, p => p.Source == ParameterSource.RpcContext),
            FixedKey = key.Kind is RpcKeyKind.Singleton or RpcKeyKind.Stateless ? key.Value ?? "default" : null,
            KeyParameterPosition = keyPosition,
            ReadKey = keyPosition < 0 ? null : layout.Getter<string?>(keyPosition),
            Calls = layout.Factory,
            Invoker = RpcInvoker.Create(method, layout, options, Array.FindIndex(parameters, p => p.IsProgress)),
            Authorization = MethodAuthorizer.Requirements(contract, method),
        };
    }
}
