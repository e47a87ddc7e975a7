namespace OrleansRpc.Grains.Serialization;

/// <summary>The types that cross grain calls as JSON: those no Orleans codec takes, other than exceptions and delegates.</summary>
internal static class PlainJsonTypes
{
    public static bool Includes(Type type) =>
        !typeof(Exception).IsAssignableFrom(type) && !typeof(Delegate).IsAssignableFrom(type);
}
