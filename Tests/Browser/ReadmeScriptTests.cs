using OrleansRpc.Tests.Documentation;
using OrleansRpc.Tests.Infrastructure;

namespace OrleansRpc.Tests.Browser;

/// <summary>
/// Every JavaScript block of the README runs as written in chromium, as a module of a page of the gateway
/// (only the gateway's address is put in place of localhost:5000), and prints what its comments promise.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ReadmeScriptTests(ChromiumFixture chromium, GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    // What a block prints, by a line of it that tells the blocks apart.
    private static readonly Dictionary<string, string[]> Printed = new()
    {
        ["ws.onmessage"] = ["""{"jsonrpc":"2.0","result":19,"id":1}"""],
        ["batch.send"] = ["-32000 pong_with_error [test_data, true]", "6"],
    };

    public static TheoryData<int> ScriptBlocks()
    {
        var data = new TheoryData<int>();
        foreach (var block in ReadmeCodeBlock.Parse(File.ReadAllText(ReadmeCodeBlock.ReadmePath())))
        {
            if (block.Language == "js")
            {
                data.Add(block.Line);
            }
        }

        return data;
    }

    [Fact]
    public void TheReadmeHasScriptBlocks() => Assert.True(ScriptBlocks().Count >= 3);

    [Theory]
    [MemberData(nameof(ScriptBlocks))]
    public async Task TheBlockRunsAsWritten(int line)
    {
        var block = ReadmeCodeBlock.Parse(File.ReadAllText(ReadmeCodeBlock.ReadmePath())).Single(b => b.Line == line);
        var address = gateway.Server.Address;
        var code = block.Code
            .Replace("ws://localhost:5000", $"ws://{address.Authority}", StringComparison.Ordinal)
            .Replace("http://localhost:5000", $"http://{address.Authority}", StringComparison.Ordinal);
        var expected = Printed.Where(p => code.Contains(p.Key, StringComparison.Ordinal)).SelectMany(p => p.Value).ToList();
        await using var page = await chromium.NewPageAsync(address);
        await page.Page.GotoAsync("/healthz");

        var ran = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var printedAll = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var printed = new List<string>();
        page.Page.Console += (_, message) =>
        {
            lock (printed)
            {
                printed.Add(message.Text);
                if (expected.All(printed.Contains))
                {
                    printedAll.TrySetResult();
                }
            }
        };
        page.Page.PageError += (_, error) => ran.TrySetException(new Xunit.Sdk.XunitException($"README line {line}: {error}"));
        await page.Page.ExposeFunctionAsync("readmeBlockRan", () => ran.TrySetResult());
        if (expected.Count == 0)
        {
            printedAll.TrySetResult();
        }

        await page.Page.AddScriptTagAsync(new() { Type = "module", Content = code + "\nawait window.readmeBlockRan();" });

        await ran.Task.WaitAsync(TimeSpan.FromSeconds(30));
        try
        {
            await printedAll.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException)
        {
            lock (printed)
            {
                Assert.Fail($"README line {line} should print [{string.Join(" | ", expected)}]; it printed [{string.Join(" | ", printed)}]");
            }
        }
    }
}
