using Microsoft.Playwright;
using OrleansRpc.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace OrleansRpc.Tests.Browser;

/// <summary>
/// The chat page at / of the default run, in headless chromium: people in separate browser contexts
/// (so separate sessions) in one room, through the page's own form, as a user works it.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ChatPageTests(ChromiumFixture chromium, GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    private readonly string _room = "room-" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task TwoPeopleSeeEachOthersMessagesAndWhoIsInTheRoom()
    {
        await using var ada = await JoinAsync("ada");
        await using var bob = await JoinAsync("bob");
        await Expect(Members(ada)).ToHaveTextAsync(["ada", "bob"]);
        await Expect(Members(bob)).ToHaveTextAsync(["ada", "bob"]);

        await SayAsync(bob, "hello from bob");
        await Expect(Texts(ada)).ToHaveTextAsync(["hello from bob"]);
        await SayAsync(ada, "hi bob");

        await Expect(Texts(bob)).ToHaveTextAsync(["hello from bob", "hi bob"]);
        await Expect(Texts(ada)).ToHaveTextAsync(["hello from bob", "hi bob"]);
        await Expect(ada.Page.Locator("#messages li .nick")).ToHaveTextAsync(["bob", "ada"]);
        // Markup in a message is shown as text, never run.
        await SayAsync(bob, "<b>bold?</b>");
        await Expect(Texts(ada).Last).ToHaveTextAsync("<b>bold?</b>");
        Assert.Equal(0, await ada.Page.Locator("#messages b").CountAsync());
    }

    [Fact]
    public async Task SomeoneWhoJoinsLaterSeesWhatWasSaidLately()
    {
        await using var ada = await JoinAsync("ada");
        await SayAsync(ada, "first");
        await SayAsync(ada, "second");
        await Expect(Texts(ada)).ToHaveTextAsync(["first", "second"]);

        await using var bob = await JoinAsync("bob");

        await Expect(Texts(bob)).ToHaveTextAsync(["first", "second"]);
    }

    [Fact]
    public async Task ATakenNicknameShowsTheServersError()
    {
        await using var ada = await JoinAsync("ada");
        await using var impostor = await chromium.NewPageAsync(gateway.Server.Address);
        await impostor.Page.GotoAsync("/");

        await impostor.Page.FillAsync("#nick", "ADA");
        await impostor.Page.FillAsync("#room", _room);
        await impostor.Page.ClickAsync("#join");

        await Expect(impostor.Page.Locator("#error")).ToHaveTextAsync("Nickname taken (1001)");
        await Expect(impostor.Page.Locator("#room-view")).ToBeHiddenAsync();
        await Expect(Members(ada)).ToHaveTextAsync(["ada"]);
    }

    [Fact]
    public async Task AClosedTabLeavesTheRoom()
    {
        await using var ada = await JoinAsync("ada");
        var bob = await JoinAsync("bob");
        await Expect(Members(ada)).ToHaveTextAsync(["ada", "bob"]);

        await bob.DisposeAsync();

        await Expect(Members(ada)).ToHaveTextAsync(["ada"]);
    }

    [Fact]
    public async Task ThePageJoinsAgainWhenTheServerDropsItsSocket()
    {
        await using var ada = await JoinAsync("ada");
        await using var bob = await JoinAsync("bob");
        await Expect(Members(ada)).ToHaveTextAsync(["ada", "bob"]);
        var adaReconnected = NextWebSocket(ada);
        var bobReconnected = NextWebSocket(bob);

        gateway.Server.DropWebSockets();

        await Task.WhenAll(adaReconnected, bobReconnected).WaitAsync(TimeSpan.FromSeconds(30));
        await Expect(ada.Page.Locator("#state")).ToHaveTextAsync("open");
        await Expect(Members(ada)).ToHaveTextAsync(["ada", "bob"]);
        await Expect(Members(bob)).ToHaveTextAsync(["ada", "bob"]);
        await SayAsync(bob, "still here");
        await Expect(Texts(ada)).ToHaveTextAsync(["still here"]);
    }

    [Fact]
    public async Task ALongCallFillsItsProgressBarAndItsCancelButtonStopsIt()
    {
        await using var page = await chromium.NewPageAsync(gateway.Server.Address);
        await page.Page.GotoAsync("/");
        await Expect(page.Page.Locator("#state")).ToHaveTextAsync("open");

        await page.Page.FillAsync("#work-steps", "5");
        await page.Page.ClickAsync("#work-start");
        await Expect(page.Page.Locator("#work-status")).ToHaveTextAsync("done: 5 of 5");
        await Expect(page.Page.Locator("#work-bar")).ToHaveJSPropertyAsync("value", 5);

        await page.Page.FillAsync("#work-steps", "10000");
        await page.Page.ClickAsync("#work-start");
        await page.Page.WaitForFunctionAsync("() => document.getElementById('work-bar').value >= 3");
        await page.Page.ClickAsync("#work-cancel");

        await Expect(page.Page.Locator("#work-status")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^cancelled at [0-9]+ of 10000$"));
        await Expect(page.Page.Locator("#work-start")).ToBeEnabledAsync();
        Assert.InRange(await page.Page.EvalOnSelectorAsync<double>("#work-bar", "bar => bar.value"), 3, 9_999);
    }

    private async Task<BrowserPage> JoinAsync(string nick)
    {
        var page = await chromium.NewPageAsync(gateway.Server.Address);
        await page.Page.GotoAsync("/");
        await Expect(page.Page.Locator("#state")).ToHaveTextAsync("open");
        await page.Page.FillAsync("#nick", nick);
        await page.Page.FillAsync("#room", _room);
        await page.Page.ClickAsync("#join");
        await Expect(page.Page.Locator("#room-view")).ToBeVisibleAsync();
        await Expect(page.Page.Locator("#join-form")).ToBeHiddenAsync();
        await Expect(page.Page.Locator("#room-name")).ToHaveTextAsync("#" + _room);
        return page;
    }

    private static async Task SayAsync(BrowserPage page, string text)
    {
        await page.Page.FillAsync("#text", text);
        await page.Page.ClickAsync("#send");
        // The form is cleared once the server has answered the call.
        await Expect(page.Page.Locator("#text")).ToHaveValueAsync("");
    }

    private static ILocator Members(BrowserPage page) => page.Page.Locator("#members li");

    private static ILocator Texts(BrowserPage page) => page.Page.Locator("#messages li .text");

    // The next WebSocket the page opens: a barrier on the page's own reconnect.
    private static Task NextWebSocket(BrowserPage page)
    {
        var opened = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        page.Page.WebSocket += (_, _) => opened.TrySetResult();
        return opened.Task;
    }
}
