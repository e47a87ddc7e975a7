using OrleansRpc.Demo;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.Unicode;
using BenchmarkDotNet.Attributes;
using OrleansRpc.Gateway;
using OrleansRpc.Gateway.Buffers;
using OrleansRpc.Gateway.Hosting;
using OrleansRpc.Gateway.Methods;
using OrleansRpc.Gateway.Protocol;

namespace OrleansRpc.Benchmarks.Micro;

/// <summary>
/// The JSON-RPC codec's own steps for the message of <see cref="DispatcherBenchmarks.Subtract"/>, each
/// alone: what of the dispatcher's time is reading and writing JSON, and so what is left for binding the
/// params and the grain call. Not sealed: BenchmarkDotNet derives from benchmark classes.
/// </summary>
[MemoryDiagnoser]
public class CodecBenchmarks
{
    private static readonly byte[] s_request = Encoding.UTF8.GetBytes("""{"jsonrpc":"2.0","method":"subtract","params":[42,23],"id":1}""");
    private static readonly byte[] s_answer = Encoding.UTF8.GetBytes("""{"jsonrpc":"2.0","result":19,"id":1}""");

    private readonly PooledBufferWriter _output = new(256);
    private WebApplication? _app;
    private MethodTable? _methods;
    private JsonReaderOptions _readerOptions;
    private ResultSerializer<int>? _result;

    [GlobalSetup]
    public void Setup()
    {
        _app = DemoApplication.Build(["--Logging:LogLevel:Default=Warning"]);
        var options = _app.Services.GetRequiredService<JsonRpcOptions>();
        _methods = _app.Services.GetRequiredService<MethodTable>();
        _readerOptions = new JsonReaderOptions { MaxDepth = options.MaxDepth };
        _result = new ResultSerializer<int>((JsonTypeInfo<int>)options.SerializerOptions.GetTypeInfo(typeof(int)));

        // Each step must do its whole work here, or the figures would be of a short cut.
        if (!CheckText() || ReadEnvelope() != "[42,23]".Length || WriteAnswer() != s_answer.Length || !_output.WrittenSpan.SequenceEqual(s_answer))
        {
            throw new InvalidOperationException("A codec step did not do what the dispatcher does with subtract; the benchmark would measure something else.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _output.Dispose();
        (_app as IDisposable)?.Dispose();
    }

    [Benchmark(Description = "codec: UTF-8 and lone-surrogate checks")]
    public bool CheckText() => Utf8.IsValid(s_request) && !SurrogateEscapes.ContainLone(s_request);

    [Benchmark(Description = "codec: read the envelope, method looked up")]
    public int ReadEnvelope()
    {
        var reader = new Utf8JsonReader(s_request, _readerOptions);
        reader.Read();
        EnvelopeReader.Read(ref reader, _methods!, out var envelope);
        return envelope.Method is null ? -1 : envelope.ParamsLength;
    }

    [Benchmark(Description = "codec: write the answer")]
    public int WriteAnswer()
    {
        _output.Truncate(0);
        ResponseWriter.WriteResult(_output, JsonRpcVersion.V2, "1"u8, 19, _result!);
        return _output.WrittenCount;
    }
}
