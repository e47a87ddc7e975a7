using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OrleansRpc.Testing;
using OrleansRpc.Tests.Infrastructure;

namespace OrleansRpc.Tests.Documentation;

/// <summary>
/// The README's "Your own service", as a new user follows it: its commands pack the libraries and the
/// template, install the template (into a CLI home of the test's own, so the machine's templates are left
/// alone), and make a service; the service's own tests pass; it builds, runs, and answers its method over
/// HTTP and a WebSocket, and nothing of the demo, with quiet logs.
/// </summary>
[Collection(WholeMachine.Name)]
public sealed class NewProjectTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task TheTemplatesServicePassesItsTestsRunsAndAnswersOverBothTransports()
    {
        var readmePath = ReadmeCodeBlock.ReadmePath();
        var repository = Path.GetDirectoryName(readmePath)!;
        var blocks = ReadmeCodeBlock.Parse(File.ReadAllText(readmePath));
        var commands = blocks.Single(b => b.Language == "sh" && b.Code.StartsWith("dotnet pack OrleansRpc.sln -o packages\n", StringComparison.Ordinal)).Code;
        var lines = commands.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("dotnet run", lines[^1]);
        var root = Directory.CreateTempSubdirectory("orleansrpc-new-service-");
        try
        {
            // Changes that leave the rest of the run alone: it packs what `dotnet test` built, in the
            // configuration it built (a rebuild would rewrite the folders other tests run programs from);
            // the service is made in a temporary folder; the template goes into a CLI home of the test's own.
            // `dotnet run` is the test's own, below, on a free port.
            var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
            var script = string.Join('\n', lines[..^1])
                .Replace("dotnet pack OrleansRpc.sln -o packages", $"dotnet pack OrleansRpc.sln -o packages --no-build -c {configuration}", StringComparison.Ordinal)
                .Replace("../MyService", Path.Combine(root.FullName, "MyService"), StringComparison.Ordinal);
            ForgetCachedPackages();
            var cliHome = Directory.CreateDirectory(Path.Combine(root.FullName, "cli-home")).FullName;
            await RunAsync("bash", repository, new Dictionary<string, string> { ["DOTNET_CLI_HOME"] = cliHome }, "-euo", "pipefail", "-c", script);
            var project = Path.Combine(root.FullName, "MyService");

            await using var service = HostProcess.StartProgram("dotnet", project, "run", "--no-build", "--urls", "http://127.0.0.1:0");
            var listening = await service.WaitForLineAsync(line => line.Contains("Now listening on: ", StringComparison.Ordinal));
            var address = new Uri(listening[(listening.IndexOf("http://", StringComparison.Ordinal))..].Trim());
            using var http = new HttpClient { BaseAddress = address };

            var greeted = await http.PostAsJsonAsync("/rpc", new { jsonrpc = "2.0", method = "greet", @params = new[] { "Ada" }, id = 1 });
            JsonAssert.Equal("""{"jsonrpc":"2.0","result":"Hello, Ada! (greeting 1 on this connection)","id":1}""", await greeted.Content.ReadAsStringAsync());
            await using (var socket = new WebSocketRpcClient(new Uri($"ws://{address.Authority}/ws")))
            {
                await socket.ExchangeAsync("""{"jsonrpc":"2.0","method":"greet","params":{"name":"Bob"},"id":1}""");
                JsonAssert.Equal(
                    """{"jsonrpc":"2.0","result":"Hello, Bob! (greeting 2 on this connection)","id":2}""",
                    await socket.ExchangeAsync("""{"jsonrpc":"2.0","method":"greet","params":{"name":"Bob"},"id":2}"""));
            }

            var document = JsonNode.Parse(await http.GetStringAsync("/openrpc.json"))!;
            Assert.Equal(["greet", "rpc.discover"], document["methods"]!.AsArray().Select(m => (string)m!["name"]!));

            // Quiet: Kestrel's "Now listening on" (the sentinel: Orleans's start-up comes before it, in the
            // same ordered console queue), and not Orleans's options dump.
            Assert.Contains("info: Microsoft.Hosting.Lifetime", service.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("info: Orleans.", service.Output, StringComparison.Ordinal);
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    // A package of this version in NuGet's cache from an earlier run would be used instead of the one just packed.
    private static void ForgetCachedPackages()
    {
        var cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        if (!Directory.Exists(cache))
        {
            return;
        }

        foreach (var package in Directory.EnumerateDirectories(cache, "orleansrpc.*"))
        {
            Directory.Delete(package, recursive: true);
        }
    }

    private static async Task RunAsync(string program, string directory, IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        // Disposing kills it (its whole tree) if it ran past its time.
        await using var process = TestProcess.Start(program, directory, environment, arguments);
        int exitCode;
        try
        {
            exitCode = await process.ExitCodeAsync(Patience);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} ran past {Patience}:\n{process.Output}");
        }

        Assert.True(exitCode == 0, $"{program} {string.Join(' ', arguments)} exited with {exitCode}:\n{process.Output}");
    }
}
