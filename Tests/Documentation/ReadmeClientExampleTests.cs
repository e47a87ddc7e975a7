using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using OrleansRpc.Tests.Infrastructure;

namespace OrleansRpc.Tests.Documentation;

/// <summary>
/// The README's typed-client example runs as pasted against the demo gateway: its client interface and
/// its program, compiled as a user's project, with only the address changed to the test's gateway.
/// </summary>
public sealed class ReadmeClientExampleTests
{
    private const string ReadmeAddress = "ws://localhost:5000/ws";

    [Fact]
    public async Task TheTypedClientExampleRunsAgainstTheDemo()
    {
        await using var server = await GatewayServer.StartAsync();
        var blocks = ReadmeCodeBlock.Parse(File.ReadAllText(ReadmeCodeBlock.ReadmePath())).Where(b => b.Language == "csharp").ToList();
        var program = blocks.Single(b => b.Code.Contains(ReadmeAddress, StringComparison.Ordinal));
        var contract = blocks.Single(b => b.Code.Contains("interface IDemo", StringComparison.Ordinal));
        var compilation = ReadmeCodeTests.Compile(
            OutputKind.ConsoleApplication,
            [ReadmeCodeTests.Parse(program with { Code = program.Code.Replace(ReadmeAddress, server.WebSocketEndpoint.ToString(), StringComparison.Ordinal) }), ReadmeCodeTests.Parse(contract)]);

        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        Assert.True(emitted.Success, string.Join('\n', emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        image.Position = 0;
        // Not collectible: the client's proxies are emitted into the default context, which may not refer to
        // a collectible one. One small assembly per run stays loaded.
        var entry = new AssemblyLoadContext("readme-client").LoadFromStream(image).EntryPoint!;
        var output = new StringWriter();
        var console = Console.Out;
        Console.SetOut(output);
        try
        {
            await Task.Run(() => entry.Invoke(null, [Array.Empty<string>()])).WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            Console.SetOut(console);
        }

        // What the example's own comment says it prints, among whatever else it wrote.
        Assert.Contains("dotnet 19 6", output.ToString().Split('\n').Select(l => l.Trim()));
    }
}
