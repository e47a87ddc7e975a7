namespace OrleansRpc.Demo;

/// <summary>The answer of <c>whoami</c>: <c>{"connection", "transport": "websocket" or "http", "user"}</c>.</summary>
public sealed record WhoAmI(string Connection, string Transport, string? User);
