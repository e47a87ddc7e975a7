using OrleansRpc.Demo;
using System.Buffers;
using System.Text;
using BenchmarkDotNet.Attributes;
using OrleansRpc.Gateway;
using OrleansRpc.Gateway.Buffers;
using OrleansRpc.Gateway.Dispatch;
using Orleans;

namespace OrleansRpc.Benchmarks.Micro;

/// <summary>
/// The whole hot path of one message without a socket (ARCHITECTURE.md, "A request's path"): UTF-8 check, envelope scan, method
/// lookup, params binding, the grain call through Orleans (a co-hosted [StatelessWorker]), and the answer
/// written. Not sealed:
/// BenchmarkDotNet derives from benchmark classes.
/// </summary>
[MemoryDiagnoser]
public class DispatcherBenchmarks
{
    private static readonly byte[] s_positional = Encoding.UTF8.GetBytes("""{"jsonrpc":"2.0","method":"subtract","params":[42,23],"id":1}""");
    private static readonly byte[] s_named = Encoding.UTF8.GetBytes("""{"jsonrpc":"2.0","method":"subtract","params":{"subtrahend":23,"minuend":42},"id":"a-string-id"}""");
    private static readonly byte[] s_notification = Encoding.UTF8.GetBytes("""{"jsonrpc":"2.0","method":"subtract","params":[42,23]}""");
    private static readonly byte[] s_whoAmI = Encoding.UTF8.GetBytes("""{"jsonrpc":"2.0","method":"whoami","id":1}""");

    private WebApplication? _app;
    private JsonRpcDispatcher? _dispatcher;
    private CountingConnection? _connection;

    [GlobalSetup]
    public void Setup()
    {
        _app = DemoApplication.Build(["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning"]);
        _app.StartAsync().GetAwaiter().GetResult();
        _dispatcher = _app.Services.GetRequiredService<JsonRpcDispatcher>();
        _connection = new CountingConnection(_app.Services.GetRequiredService<IGrainFactory>());
        if (Subtract().AsTask().GetAwaiter().GetResult() == 0)
        {
            throw new InvalidOperationException("subtract was not answered; the benchmark would measure nothing.");
        }
    }

    /// <summary>The grain <c>subtract</c> reaches, for a baseline that calls it without the dispatcher.</summary>
    internal ICalculatorGrain Calculator => _app!.Services.GetRequiredService<IGrainFactory>().GetGrain<ICalculatorGrain>(Server.GrainBaseline.Key);

    [GlobalCleanup]
    public void Cleanup()
    {
        _app?.StopAsync().GetAwaiter().GetResult();
        (_app as IDisposable)?.Dispose();
    }

    [Benchmark(Baseline = true, Description = "subtract, positional params")]
    public ValueTask<int> Subtract() => Dispatch(s_positional);

    [Benchmark(Description = "subtract, named params, string id")]
    public ValueTask<int> SubtractNamed() => Dispatch(s_named);

    [Benchmark(Description = "subtract as a notification")]
    public ValueTask<int> SubtractNotification() => Dispatch(s_notification);

    /// <summary>A method of a grain per connection (the demo's session grain, keyed by the connection): its reference is made per call.</summary>
    [Benchmark(Description = "whoami, a grain keyed by the connection")]
    public ValueTask<int> WhoAmI() => Dispatch(s_whoAmI);

    private ValueTask<int> Dispatch(byte[] request)
    {
        var answered = _connection!.Answered;
        // As the WebSocket endpoint does: the frame arrives in a pooled buffer the message then owns.
        var buffer = ArrayPool<byte>.Shared.Rent(4096);
        request.CopyTo(buffer, 0);
        _dispatcher!.Dispatch(_connection, RequestMessage.Rent(buffer, request.Length));
        return answered;
    }
}
