using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Engram.Benchmarks.AnalyzerOverhead.Generator;

/// <summary>
/// Writes a large, realistic C# code base and one project per analyzer configuration that compiles it. See
/// benchmarks/AnalyzerOverhead/run.sh, which builds every configuration and reports the analyzers' cost.
/// </summary>
internal static class Program
{
    /// <summary>Written beside the projects; the report reads it, and its presence marks a directory this tool may replace.</summary>
    public const string ManifestFileName = "generation.json";

    public static int Main(string[] args)
    {
        GeneratorOptions options;
        try
        {
            options = GeneratorOptions.Parse(args);
        }
        catch (ArgumentException ex)
        {
            Console.Error.WriteLine(ex.Message);
            Console.Error.WriteLine(GeneratorOptions.Usage);
            return 2;
        }

        try
        {
            Generate(options);
            return 0;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"Cannot generate into '{options.OutputDirectory}': {ex.Message}");
            return 1;
        }
    }

    private static void Generate(GeneratorOptions options)
    {
        var root = options.OutputDirectory;
        PrepareEmptyDirectory(root);
        ProjectScaffold.Write(root, options);

        var lines = 0;
        var kinds = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var index = 0; index < options.TotalFiles; index++)
        {
            var (relativePath, text) = SourceFiles.For(index, options.TotalFiles);
            lines += WriteSource(root, relativePath, text);
            var kind = FileKinds.Of(index).ToString();
            kinds[kind] = kinds.GetValueOrDefault(kind) + 1;
        }

        lines += WriteSource(root, "Composition/PlatformComposition.cs", SourceFiles.Composition(options.TotalFiles));
        lines += WriteSource(root, "Composition/ThreadAffineAttribute.cs", SourceFiles.UiAttribute);

        // What the report reads, listed here rather than serialized from the records, so that it changes only on purpose.
        var manifest = new Manifest(
            options.Scale,
            options.TotalFiles + 2,
            lines,
            kinds,
            options.Configurations
                .Select(c => new ManifestConfiguration(c.Name, c.Description, c.WithEngram, c.PackageId, c.PackageVersion, c.SdkDefaults))
                .ToList(),
            options.EngramAnalyzersDirectory,
            options.EngramRuntimeAssembly,
            options.BaselineAnalyzersDirectory);
        File.WriteAllText(
            Path.Combine(root, ManifestFileName),
            JsonSerializer.Serialize(manifest, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase }));
        Console.WriteLine($"Generated {options.TotalFiles + 2} files, {lines} lines, in {root} (projects: {string.Join(", ", options.Configurations.Select(c => c.Name))}).");
    }

    /// <summary>The content of <see cref="ManifestFileName"/>.</summary>
    private sealed record Manifest(
        int Scale,
        int Files,
        int Lines,
        Dictionary<string, int> FileKinds,
        IReadOnlyList<ManifestConfiguration> Configurations,
        string EngramAnalyzersFrom,
        string EngramRuntimeFrom,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? BaselineAnalyzersFrom);

    private sealed record ManifestConfiguration(string Name, string Description, bool WithEngram, string? PackageId, string? PackageVersion, bool SdkDefaults);

    private static int WriteSource(string root, string relativePath, string text)
    {
        var path = Path.Combine(root, "src", relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return text.Count(ch => ch == '\n');
    }

    /// <summary>Empties <paramref name="root"/>, refusing a non-empty directory this tool did not write.</summary>
    private static void PrepareEmptyDirectory(string root)
    {
        if (Directory.Exists(root) && Directory.EnumerateFileSystemEntries(root).Any())
        {
            if (!File.Exists(Path.Combine(root, ManifestFileName)))
            {
                throw new IOException($"'{root}' is not empty and holds no {ManifestFileName}; refusing to replace a directory this generator did not write.");
            }

            Directory.Delete(root, recursive: true);
        }

        Directory.CreateDirectory(root);
    }
}
