using Microsoft.Playwright;

namespace OrleansRpc.Tests.Browser;

/// <summary>
/// One headless Debian chromium (installed by Tests/prerequisites.sh) for the browser tests, driven by
/// Playwright through its executable path: Playwright downloads no browser of its own.
/// </summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException($"The browser tests need Debian's chromium at {ExecutablePath}: Tests/prerequisites.sh installs it.");
        }

        // Auto-waiting assertions get room for a loaded 2-core CI machine; they return as soon as they hold.
        Assertions.SetDefaultExpectTimeout(30_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ExecutablePath, Headless = true });
    }

    /// <summary>A page of its own cookie jar (so its own browser session), its console kept for failures.</summary>
    public async Task<BrowserPage> NewPageAsync(Uri address)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = address.ToString() });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        return new BrowserPage(context, page);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}
