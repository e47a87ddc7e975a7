namespace OrleansRpc.Tests.TestGrains.Gateway;

public enum ShapeColor
{
    Red,
    Blue,
}
