using System.Globalization;

namespace OrleansRpc.Tests.AppHost;

/// <summary>
/// Processes as Linux's /proc shows them: what the AppHost started, whose parents are not the AppHost (DCP
/// detaches from it), found by command line and followed down to their children.
/// </summary>
internal static class ProcessTree
{
    public static IReadOnlyList<int> All() =>
        [.. Directory.EnumerateDirectories("/proc").Select(Path.GetFileName).Where(name => name!.All(char.IsAsciiDigit)).Select(name => int.Parse(name!, CultureInfo.InvariantCulture))];

    /// <summary>Its arguments, separated by spaces; empty once it has gone.</summary>
    public static string CommandLine(int pid) => Read($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim();

    /// <summary>Whether it runs (a zombie, gone but not yet reaped by its parent, does not).</summary>
    public static bool IsAlive(int pid) => Read($"/proc/{pid}/stat") is { Length: > 0 } stat && Field(stat, 3) != "Z";

    /// <summary>
    /// Its share of memory (/proc/{pid}/smaps_rollup's Pss): its own pages, and its part of those it shares,
    /// so that DCP's several processes of one program are not counted once each for its code.
    /// </summary>
    public static long ProportionalBytes(int pid) =>
        Read($"/proc/{pid}/smaps_rollup").Split('\n').FirstOrDefault(line => line.StartsWith("Pss:", StringComparison.Ordinal)) is { } line
            ? long.Parse(line["Pss:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024
            : 0;

    /// <summary>The processes whose command line <paramref name="match"/> takes, and all of their descendants.</summary>
    public static IReadOnlySet<int> WithDescendants(Func<string, bool> match)
    {
        var parents = All().ToDictionary(pid => pid, Parent);
        var found = parents.Keys.Where(pid => match(CommandLine(pid))).ToHashSet();
        bool added;
        do
        {
            added = false;
            foreach (var (pid, parent) in parents)
            {
                if (found.Contains(parent) && found.Add(pid))
                {
                    added = true;
                }
            }
        }
        while (added);

        return found;
    }

    private static int Parent(int pid) => Read($"/proc/{pid}/stat") is { Length: > 0 } stat ? int.Parse(Field(stat, 4), CultureInfo.InvariantCulture) : 0;

    /// <summary>A field of /proc/{pid}/stat, counted from 1; the name (field 2) is in parentheses and may hold spaces.</summary>
    private static string Field(string stat, int field)
    {
        var afterName = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return field == 2 ? stat[(stat.IndexOf('(') + 1)..stat.LastIndexOf(')')] : afterName[field - 3];
    }

    private static string Read(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }
}
