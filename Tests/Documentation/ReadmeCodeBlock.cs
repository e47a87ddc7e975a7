namespace OrleansRpc.Tests.Documentation;

/// <summary>A fenced code block of the README: its language, the line its code starts on, and the code.</summary>
public sealed record ReadmeCodeBlock(string Language, int Line, string Code)
{
    public static string ReadmePath()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "OrleansRpc.sln")))
            {
                return Path.Combine(directory.FullName, "README.md");
            }
        }

        throw new FileNotFoundException("No OrleansRpc.sln above the test's folder, so no README.md to read.");
    }

    /// <summary>Every fenced block of <paramref name="markdown"/>, in order.</summary>
    public static List<ReadmeCodeBlock> Parse(string markdown)
    {
        var blocks = new List<ReadmeCodeBlock>();
        var lines = markdown.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (!lines[i].StartsWith("```", StringComparison.Ordinal))
            {
                continue;
            }

            var language = lines[i][3..].Trim();
            var start = i + 1;
            var end = start;
            while (end < lines.Length && !lines[end].StartsWith("```", StringComparison.Ordinal))
            {
                end++;
            }

            // Line numbers count from 1, as an editor shows them.
            blocks.Add(new ReadmeCodeBlock(language, start + 1, string.Join('\n', lines[start..end])));
            i = end;
        }

        return blocks;
    }
}
