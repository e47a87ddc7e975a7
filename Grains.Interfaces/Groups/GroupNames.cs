namespace OrleansRpc.Groups;

/// <summary>Group names have 1 to 100 characters: ASCII letters, digits, '-', '_' and '.'.</summary>
public static class GroupNames
{
    public const int MaxLength = 100;

    public static bool IsValid(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxLength)
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            {
                return false;
            }
        }

        return true;
    }

    /// <exception cref="ArgumentException">The name is not valid.</exception>
    public static void Validate(string? name)
    {
        if (!IsValid(name))
        {
            throw new ArgumentException($"A group name has 1 to {MaxLength} characters: letters, digits, '-', '_' and '.'.", nameof(name));
        }
    }
}
