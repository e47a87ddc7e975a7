namespace OrleansRpc.Tests.TestGrains.Gateway;

public sealed record Point(int X, int Y);
