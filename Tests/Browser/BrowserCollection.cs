namespace OrleansRpc.Tests.Browser;

/// <summary>The browser tests share one chromium, and run one at a time (with the rest of the suite beside them).</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<ChromiumFixture>
{
    public const string Name = "Browser";
}
