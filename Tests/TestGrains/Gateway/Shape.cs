namespace OrleansRpc.Tests.TestGrains.Gateway;

public sealed record Shape(string FirstName, ShapeColor Color);
