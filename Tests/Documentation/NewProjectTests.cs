using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OrleansRpc.Testing;
using OrleansRpc.Tests.Infrastructure;

namespace OrleansRpc.Tests.Documentation;

/// <summary>
/// The README's "Your own service", as a new user follows it: its commands pack the libraries and make a
/// web project that references them; its grain and host go in; the service builds, runs, and serves the
/// user's methods and nothing of the demo.
/// </summary>
[Collection(WholeMachine.Name)]
public sealed class NewProjectTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task TheReadmesNewServiceBuildsRunsAndServesOnlyItsOwnMethods()
    {
        var readmePath = ReadmeCodeBlock.ReadmePath();
        var repository = Path.GetDirectoryName(readmePath)!;
        var blocks = ReadmeCodeBlock.Parse(File.ReadAllText(readmePath));
        var commands = blocks.Single(b => b.Language == "sh" && b.Code.StartsWith("dotnet pack OrleansRpc.sln", StringComparison.Ordinal)).Code;
        var grain = blocks.Single(b => b.Language == "csharp" && b.Code.Contains("public interface IChatRoomGrain", StringComparison.Ordinal)).Code;
        var host = blocks.First(b => b.Language == "csharp" && b.Code.Contains("GatewayApplication.Build(args", StringComparison.Ordinal)).Code;
        var root = Directory.CreateTempSubdirectory("orleansrpc-new-service-");
        try
        {
            // Two changes, so that the test leaves the rest of the run alone: it packs what `dotnet test`
            // built, in the configuration it built (a rebuild would rewrite the folders other tests run
            // programs from), and makes the service in a temporary folder rather than next to the repository.
            var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
            var script = commands
                .Replace("dotnet pack OrleansRpc.sln -o packages", $"dotnet pack OrleansRpc.sln -o packages --no-build -c {configuration}", StringComparison.Ordinal)
                .Replace("../MyService", Path.Combine(root.FullName, "MyService"), StringComparison.Ordinal);
            ForgetCachedPackages();
            await RunAsync("bash", repository, "-euo", "pipefail", "-c", script);
            var project = Path.Combine(root.FullName, "MyService");
            await File.WriteAllTextAsync(Path.Combine(project, "ChatRoom.cs"), grain);
            await File.WriteAllTextAsync(Path.Combine(project, "Program.cs"), host);
            await RunAsync("dotnet", project, "build");

            await using var service = HostProcess.StartProgram("dotnet", project, "run", "--no-build", "--urls", "http://127.0.0.1:0");
            var listening = await service.WaitForLineAsync(line => line.Contains("Now listening on: ", StringComparison.Ordinal));
            var address = new Uri(listening[(listening.IndexOf("http://", StringComparison.Ordinal))..].Trim());
            using var http = new HttpClient { BaseAddress = address };

            var post = await http.PostAsJsonAsync("/rpc", new { jsonrpc = "2.0", method = "chat.post", @params = new { room = "lobby", text = "hello" }, id = 1 });
            JsonAssert.Equal("""{"jsonrpc":"2.0","result":1,"id":1}""", await post.Content.ReadAsStringAsync());
            var document = JsonNode.Parse(await http.GetStringAsync("/openrpc.json"))!;
            Assert.Equal(
                ["chat.history", "chat.post", "chat.typing", "rpc.discover"],
                document["methods"]!.AsArray().Select(m => (string)m!["name"]!));

            // The template logs at Information, and does show such lines (Kestrel's "Now listening on", the
            // sentinel: Orleans's start-up comes before it, in the same ordered console queue), but not
            // Orleans's options dump.
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

    private static async Task RunAsync(string program, string directory, params string[] arguments)
    {
        // Disposing kills it (its whole tree) if it ran past its time.
        await using var process = TestProcess.Start(program, directory, null, arguments);
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
