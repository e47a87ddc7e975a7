using System.Globalization;

namespace OrleansRpc.Gateway.Hosting;

/// <summary>The soft limit on open files of this process (RLIMIT_NOFILE), where the platform says.</summary>
internal static class ProcessFileLimit
{
    /// <summary>Null when unknown or unlimited.</summary>
    public static long? Read()
    {
        const string Prefix = "Max open files";
        try
        {
            foreach (var line in File.ReadLines("/proc/self/limits"))
            {
                if (line.StartsWith(Prefix, StringComparison.Ordinal))
                {
                    var soft = line[Prefix.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
                    return long.TryParse(soft, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) ? limit : null;
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return null;
    }
}
