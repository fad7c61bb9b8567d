using System;
using System.Collections.Generic;
using System.IO;

namespace Engram.Benchmarks.AnalyzerOverhead.Report;

/// <summary>Summarizes the measured builds of benchmarks/AnalyzerOverhead/run.sh; optionally writes them into the docs.</summary>
internal static class Program
{
    private const string Usage =
        "usage: AnalyzerOverhead.Report --results DIR [--docs DIR] [--command TEXT] [--sdk VERSION] [--commit SHA] [--load TEXT]\n"
        + "  --results  directory with x<scale>/generation.json and x<scale>/<configuration>/run-*.binlog\n"
        + "  --docs     directory whose performance.md and performance.json get the analyzer-overhead section\n"
        + "             (analyzer-overhead-sdk-defaults for the results of run.sh --sdk-defaults)";

    public const string SectionId = "analyzer-overhead";

    /// <summary>The section of run.sh --sdk-defaults, which leaves <see cref="SectionId"/> as it is.</summary>
    public const string SdkDefaultsSectionId = "analyzer-overhead-sdk-defaults";

    public static int Main(string[] args)
    {
        Dictionary<string, string> options;
        try
        {
            options = ParseOptions(args);
        }
        catch (ArgumentException ex)
        {
            Console.Error.WriteLine(ex.Message);
            Console.Error.WriteLine(Usage);
            return 2;
        }

        Section section;
        try
        {
            section = ReadSection(
                options["--results"],
                options.GetValueOrDefault("--command", "benchmarks/AnalyzerOverhead/run.sh"),
                options.GetValueOrDefault("--sdk", "unknown"),
                options.GetValueOrDefault("--commit", "unknown"),
                options.GetValueOrDefault("--load", "unknown"));
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or FormatException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"Cannot summarize the runs in '{options["--results"]}': {ex.Message}");
            return 1;
        }

        Console.WriteLine(section.Markdown);
        if (options.TryGetValue("--docs", out var docs))
        {
            PerformanceDocument.WriteMarkdownSection(Path.Combine(docs, "performance.md"), section.Id, section.Markdown);
            PerformanceDocument.WriteJsonProperty(Path.Combine(docs, "performance.json"), section.JsonProperty, section.Results);
            Console.WriteLine($"Wrote the {section.Id} section of {Path.Combine(docs, "performance.md")} and performance.json.");
        }

        return 0;
    }

    private static Section ReadSection(string results, string command, string sdk, string commit, string load)
    {
        if (ResultsDirectory.HoldsSdkDefaults(results))
        {
            var sdkDefaults = SdkDefaultsResults.Read(results, command, sdk, commit, load);
            return new Section(SdkDefaultsSectionId, "analyzerOverheadWithSdkDefaults", SdkDefaultsMarkdown.Render(sdkDefaults), sdkDefaults);
        }

        var isolated = OverheadResults.Read(results, command, sdk, commit, load);
        return new Section(SectionId, "analyzerOverhead", MarkdownReport.Render(isolated), isolated);
    }

    /// <summary>What one kind of results writes: its Markdown section and its property of performance.json.</summary>
    private sealed record Section(string Id, string JsonProperty, string Markdown, object Results);

    private static Dictionary<string, string> ParseOptions(string[] args)
    {
        var known = new HashSet<string>(StringComparer.Ordinal) { "--results", "--docs", "--command", "--sdk", "--commit", "--load" };
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i += 2)
        {
            if (!known.Contains(args[i]))
            {
                throw new ArgumentException($"Unknown option '{args[i]}'.");
            }

            options[args[i]] = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"Option '{args[i]}' needs a value.");
        }

        return options.ContainsKey("--results") ? options : throw new ArgumentException("--results is required.");
    }
}
