using System.Text;
using Microsoft.Playwright;

namespace OrleansRpc.Tests.Browser;

/// <summary>A page in a browser context of its own; what its console printed is kept, for a failing test to show.</summary>
public sealed class BrowserPage : IAsyncDisposable
{
    private readonly StringBuilder _console = new();

    public BrowserPage(IBrowserContext context, IPage page)
    {
        Context = context;
        Page = page;
        page.Console += (_, message) =>
        {
            lock (_console)
            {
                _console.AppendLine($"{message.Type}: {message.Text}");
            }
        };
        page.PageError += (_, error) =>
        {
            lock (_console)
            {
                _console.AppendLine($"page error: {error}");
            }
        };
    }

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    public string Console
    {
        get
        {
            lock (_console)
            {
                return _console.ToString();
            }
        }
    }

    public async ValueTask DisposeAsync() => await Context.DisposeAsync();
}
