using System.Reflection;
using OrleansRpc.Rpc;

namespace OrleansRpc.Client;

/// <summary>How a proxy calls one grain interface method, worked out once per method.</summary>
internal sealed class RpcProxyMethod
{
    private static readonly MethodInfo TaskCall = typeof(RpcProxyMethod).GetMethod(nameof(CallTask), BindingFlags.NonPublic | BindingFlags.Instance)!;
    private static readonly MethodInfo ValueTaskCall = typeof(RpcProxyMethod).GetMethod(nameof(CallValueTask), BindingFlags.NonPublic | BindingFlags.Instance)!;
    private static readonly MethodInfo StreamCall = typeof(RpcProxyMethod).GetMethod(nameof(Stream), BindingFlags.NonPublic | BindingFlags.Instance)!;
    private static readonly MethodInfo ProgressListen = typeof(RpcProxyMethod).GetMethod(nameof(Listen), BindingFlags.NonPublic | BindingFlags.Static)!;

    private readonly (string Name, int Index)[] _parameters;
    private readonly int _cancellation = -1;
    private readonly int _progress = -1;
    private readonly Func<JsonRpcClient, object, ProgressListeners.Registration>? _listen;
    private readonly Func<JsonRpcClient, object?[], object?> _invoke;

    public RpcProxyMethod(MethodInfo method)
    {
        var attribute = method.GetCustomAttribute<JsonRpcAttribute>()
            ?? throw new NotSupportedException($"{method.DeclaringType?.Name}.{method.Name} is not tagged [JsonRpcMethod] or [JsonRpcNotification], so it has no JSON-RPC name.");
        Name = attribute.Name ?? method.Name;
        IsNotification = attribute is JsonRpcNotificationAttribute;
        Transport = (attribute.WebSocket, attribute.Http) switch
        {
            (true, false) => RpcTransportChoice.WebSocket,
            (false, true) => RpcTransportChoice.Http,
            _ => RpcTransportChoice.Auto,
        };

        var parameters = new List<(string, int)>();
        foreach (var parameter in method.GetParameters())
        {
            if (parameter.ParameterType == typeof(CancellationToken))
            {
                _cancellation = parameter.Position;
            }
            else if (!IsServerContext(parameter.ParameterType))
            {
                if (parameter.ParameterType.IsGenericType && parameter.ParameterType.GetGenericTypeDefinition() == typeof(IProgress<>))
                {
                    _progress = parameter.Position;
                    _listen = ProgressListen.MakeGenericMethod(parameter.ParameterType.GetGenericArguments()[0])
                        .CreateDelegate<Func<JsonRpcClient, object, ProgressListeners.Registration>>();
                }

                parameters.Add((parameter.Name!, parameter.Position));
            }
        }

        _parameters = [.. parameters];
        _invoke = Invoker(method.ReturnType);
    }

    public string Name { get; }

    public bool IsNotification { get; }

    public RpcTransportChoice Transport { get; }

    public object? Invoke(JsonRpcClient client, object?[] arguments) => _invoke(client, arguments);

    private Func<JsonRpcClient, object?[], object?> Invoker(Type returnType)
    {
        if (IsNotification)
        {
            return returnType == typeof(ValueTask)
                ? (client, arguments) => new ValueTask(Notify(client, arguments))
                : (client, arguments) => Notify(client, arguments);
        }

        if (returnType == typeof(Task))
        {
            return (client, arguments) => (Task)CallAsync<object?>(client, arguments);
        }

        if (returnType == typeof(ValueTask))
        {
            return (client, arguments) => new ValueTask(CallAsync<object?>(client, arguments));
        }

        if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() is var definition
            && (definition == typeof(Task<>) || definition == typeof(ValueTask<>)))
        {
            var typed = definition == typeof(Task<>) ? TaskCall : ValueTaskCall;
            return typed.MakeGenericMethod(returnType.GetGenericArguments()[0]).CreateDelegate<Func<JsonRpcClient, object?[], object?>>(this);
        }

        if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(IAsyncEnumerable<>))
        {
            return StreamCall.MakeGenericMethod(returnType.GetGenericArguments()[0]).CreateDelegate<Func<JsonRpcClient, object?[], object?>>(this);
        }

        throw new NotSupportedException($"{Name}: a JSON-RPC method returns Task, Task<T>, ValueTask, ValueTask<T> or IAsyncEnumerable<T>, not {returnType.Name}.");
    }

    private object? CallTask<T>(JsonRpcClient client, object?[] arguments) => CallAsync<T>(client, arguments);

    private object? CallValueTask<T>(JsonRpcClient client, object?[] arguments) => new ValueTask<T>(CallAsync<T>(client, arguments));

    private object? Stream<T>(JsonRpcClient client, object?[] arguments) =>
        StreamedResults.ReadAsync<T>(client, Name, Parameters(arguments, progressToken: null), Transport, Cancellation(arguments));

    private Task<T> CallAsync<T>(JsonRpcClient client, object?[] arguments) =>
        _progress >= 0 && arguments[_progress] is { } progress
            ? CallWithProgressAsync<T>(client, arguments, progress)
            : client.CallAsync<T>(Name, Parameters(arguments, progressToken: null), Transport, Cancellation(arguments));

    // The argument hears the call's reports until its answer is in; reports after it find no listener.
    private async Task<T> CallWithProgressAsync<T>(JsonRpcClient client, object?[] arguments, object progress)
    {
        using var listening = _listen!(client, progress);
        return await client.CallAsync<T>(Name, Parameters(arguments, listening.Token), Transport, Cancellation(arguments));
    }

    private Task Notify(JsonRpcClient client, object?[] arguments) =>
        client.NotifyAsync(Name, Parameters(arguments, progressToken: null), Transport, Cancellation(arguments));

    // By name, as the server binds them: each C# parameter under its own name; an IProgress<T> one as the
    // token its reports will carry (StreamJsonRpc's convention), or null.
    private Dictionary<string, object?> Parameters(object?[] arguments, long? progressToken)
    {
        var named = new Dictionary<string, object?>(_parameters.Length, StringComparer.Ordinal);
        foreach (var (name, index) in _parameters)
        {
            named[name] = index == _progress ? progressToken : arguments[index];
        }

        return named;
    }

    private static ProgressListeners.Registration Listen<TValue>(JsonRpcClient client, object progress) =>
        client.ListenForProgress((IProgress<TValue>)progress);

    private CancellationToken Cancellation(object?[] arguments) =>
        _cancellation >= 0 && arguments[_cancellation] is CancellationToken token ? token : CancellationToken.None;

    /// <summary>
    /// The server fills in an <c>RpcContext</c> argument; a grain interface used as the client's declares it,
    /// and the call leaves it out. Known by name: the client references the attributes alone, not the
    /// contracts that define it (and Orleans with them).
    /// </summary>
    private static bool IsServerContext(Type type) => type.FullName == "OrleansRpc.Rpc.RpcContext";
}
