using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace OrleansRpc.Tests.Documentation;

/// <summary>
/// The README's C# compiles as a user would paste it into a web project (<c>Microsoft.NET.Sdk.Web</c>,
/// implicit usings on, nullable on, warnings as errors) that references OrleansRpc: every block with its
/// own <c>using</c>s. Blocks that declare types are compiled together, as the files of one project; each
/// block of top-level statements (a host's Program.cs) is compiled with them.
/// </summary>
public sealed class ReadmeCodeTests
{
    // What the Web SDK's implicit usings give a project.
    private const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Net.Http.Json;
        global using System.Threading;
        global using System.Threading.Tasks;
        global using Microsoft.AspNetCore.Builder;
        global using Microsoft.AspNetCore.Hosting;
        global using Microsoft.AspNetCore.Http;
        global using Microsoft.AspNetCore.Routing;
        global using Microsoft.Extensions.Configuration;
        global using Microsoft.Extensions.DependencyInjection;
        global using Microsoft.Extensions.Hosting;
        global using Microsoft.Extensions.Logging;
        """;

    private static readonly CSharpParseOptions s_parse = new(LanguageVersion.Latest);

    // The framework and the product's libraries, as a project that references OrleansRpc sees them (xunit
    // too, for the test kit's example); not the test's own assemblies or tools.
    private static readonly Lazy<MetadataReference[]> s_references = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(path =>
            {
                var name = Path.GetFileNameWithoutExtension(path);
                return !name.StartsWith("OrleansRpc.Tests", StringComparison.Ordinal)
                    && name is not ("OrleansRpc.Benchmarks" or "OrleansRpc.Swarm" or "OrleansRpc.Silo" or "OrleansRpc.Gateway")
                    && !name.StartsWith("xunit.runner", StringComparison.Ordinal)
                    && !name.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal);
            })
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToArray());

    [Fact]
    public void EveryCSharpBlockCompilesAsWritten()
    {
        var blocks = ReadmeCodeBlock.Parse(File.ReadAllText(ReadmeCodeBlock.ReadmePath())).Where(b => b.Language == "csharp").ToList();
        var trees = blocks.Select(b => CSharpSyntaxTree.ParseText(b.Code, s_parse, path: $"README.md:{b.Line}")).ToList();
        var programs = trees.Where(IsProgram).ToList();
        var declarations = trees.Where(t => !IsProgram(t)).ToList();
        Assert.True(programs.Count >= 3, $"The README has {programs.Count} host programs; it shows at least three.");
        Assert.True(declarations.Count >= 3, $"The README has {declarations.Count} blocks of declarations; it shows at least three.");

        var errors = new List<string>();
        errors.AddRange(Diagnose(OutputKind.DynamicallyLinkedLibrary, declarations));
        foreach (var program in programs)
        {
            errors.AddRange(Diagnose(OutputKind.ConsoleApplication, [program, .. declarations]));
        }

        Assert.True(errors.Count == 0, string.Join('\n', errors.Distinct()));
    }

    [Fact]
    public void ABlockThatLacksAUsingIsReported()
    {
        // The check itself: the first block without its using of OrleansRpc.Rpc no longer compiles.
        var block = ReadmeCodeBlock.Parse(File.ReadAllText(ReadmeCodeBlock.ReadmePath())).First(b => b.Language == "csharp" && b.Code.Contains("using OrleansRpc.Rpc;", StringComparison.Ordinal));
        var tree = CSharpSyntaxTree.ParseText(block.Code.Replace("using OrleansRpc.Rpc;", string.Empty, StringComparison.Ordinal), s_parse, path: $"README.md:{block.Line}");

        var errors = Diagnose(OutputKind.DynamicallyLinkedLibrary, [tree]).ToList();

        Assert.Contains(errors, e => e.Contains("CS0246", StringComparison.Ordinal));
    }

    private static bool IsProgram(SyntaxTree tree) => tree.GetCompilationUnitRoot().Members.OfType<GlobalStatementSyntax>().Any();

    /// <summary>The blocks as one project of the given kind, with the Web SDK's implicit usings, as a user's.</summary>
    internal static CSharpCompilation Compile(OutputKind kind, IReadOnlyList<SyntaxTree> blocks) =>
        CSharpCompilation.Create(
            "Readme",
            [CSharpSyntaxTree.ParseText(ImplicitUsings, s_parse, path: "ImplicitUsings.cs"), .. blocks],
            s_references.Value,
            new CSharpCompilationOptions(kind, nullableContextOptions: NullableContextOptions.Enable, generalDiagnosticOption: ReportDiagnostic.Error));

    /// <summary>A block as the compiler reads it, named by its line in the README.</summary>
    internal static SyntaxTree Parse(ReadmeCodeBlock block) => CSharpSyntaxTree.ParseText(block.Code, s_parse, path: $"README.md:{block.Line}");

    private static IEnumerable<string> Diagnose(OutputKind kind, IReadOnlyList<SyntaxTree> blocks)
    {
        var compilation = Compile(kind, blocks);
        foreach (var diagnostic in compilation.GetDiagnostics())
        {
            if (diagnostic.Severity == DiagnosticSeverity.Error)
            {
                yield return Describe(diagnostic);
            }
        }
    }

    /// <summary>As <c>README.md:line</c> of the README itself, so the message points at the line to fix.</summary>
    private static string Describe(Diagnostic diagnostic)
    {
        var span = diagnostic.Location.GetLineSpan();
        var path = span.Path;
        if (path.StartsWith("README.md:", StringComparison.Ordinal) && int.TryParse(path["README.md:".Length..], out var first))
        {
            path = $"README.md:{first + span.StartLinePosition.Line}";
        }

        return $"{path}: {diagnostic.Id} {diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";
    }
}
