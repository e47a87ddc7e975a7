namespace OrleansRpc.Gateway.Methods;

/// <summary>Says in JSON's words what a parameter expects, for -32602 messages.</summary>
internal static class JsonTypeNames
{
    public static string Describe(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type);
        var core = underlying ?? type;
        var name = core switch
        {
            _ when core.IsGenericType && core.GetGenericTypeDefinition() == typeof(IProgress<>) => "a progress token: a number or a string",
            _ when core == typeof(string) || core == typeof(char) || core == typeof(Guid) => "a string",
            _ when core == typeof(bool) => "a boolean",
            _ when core == typeof(int) || core == typeof(long) || core == typeof(short) || core == typeof(byte)
                || core == typeof(uint) || core == typeof(ulong) || core == typeof(ushort) || core == typeof(sbyte) => $"an integer ({core.Name})",
            _ when core == typeof(double) || core == typeof(float) || core == typeof(decimal) => "a number",
            _ when core.IsArray || (core.IsGenericType && typeof(System.Collections.IEnumerable).IsAssignableFrom(core)) => "an array",
            _ when core.IsEnum => $"one of {string.Join(", ", Enum.GetNames(core))}",
            _ => $"an object ({core.Name})",
        };
        return underlying is null ? name : name + " or null";
    }
}
