namespace OrleansRpc.Tests.TestGrains.Gateway;

/// <summary>A result the serializer cannot write: reading its property throws halfway through the answer.</summary>
public sealed class Unserializable
{
    public string First => "written before the failure";

    public int Boom => throw new InvalidOperationException("cannot be read");
}
