using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using Engram.Benchmarks;

namespace Engram.Runtime.Benchmarks;

/// <summary>
/// Runs the runtime benchmarks (all of them unless BenchmarkDotNet's <c>--filter</c> says otherwise), prints the
/// runtime targets against the results and writes them to docs/performance.md and docs/performance.json (section
/// "runtime"). <c>--no-docs</c> leaves the docs alone; every other argument goes to BenchmarkDotNet
/// (for a smoke test: <c>--job dry --no-docs</c>).
/// </summary>
internal static class Program
{
    private const string SectionId = "runtime";
    private const string NoDocsOption = "--no-docs";

    /// <summary>Used unless a --job is given: fixed counts keep the whole run to minutes on a small machine.</summary>
    private static readonly Job s_measuredJob = Job.Default.WithWarmupCount(5).WithIterationCount(15).WithId("Measured");

    public static int Main(string[] args)
    {
        var writeDocs = !args.Contains(NoDocsOption);
        var benchmarkArgs = args.Where(arg => arg != NoDocsOption).ToList();
        if (!benchmarkArgs.Any(arg => arg is "--filter" or "-f"))
        {
            benchmarkArgs.AddRange(new[] { "--filter", "*" });
        }

        var docs = writeDocs ? FindDocsDirectory() : null;
        if (writeDocs && docs is null)
        {
            Console.Error.WriteLine($"No Engram.Analyzers.sln above '{Environment.CurrentDirectory}', so no docs/ to write to; run from the repository or pass {NoDocsOption}.");
            return 2;
        }

        var customJob = benchmarkArgs.Any(arg => arg is "--job" or "-j");
        // A loaded machine can take longer than BenchmarkDotNet's default two minutes to build the generated project.
        // ManualConfig changes in place, so each config is made from scratch.
        static ManualConfig BaseConfig() => ManualConfig.Create(DefaultConfig.Instance).WithBuildTimeout(TimeSpan.FromMinutes(15));
        var config = customJob ? BaseConfig() : BaseConfig().AddJob(s_measuredJob);
        var stores = Path.Combine(Path.GetTempPath(), $"engram-benchmark-stores-{Guid.NewGuid():N}");
        Directory.CreateDirectory(stores);
        Environment.SetEnvironmentVariable(FixtureStores.RootVariable, stores);
        try
        {
            // Classes that set their own job (the ones whose calls take seconds) run without the default one, which
            // BenchmarkDotNet would otherwise run as well.
            var benchmarkTypes = typeof(Program).Assembly.GetTypes().Where(type => type.IsPublic && !type.IsAbstract && type.GetMethods().Any(IsBenchmark)).ToList();
            var ownJob = benchmarkTypes.Where(type => type.GetCustomAttributes(typeof(JobConfigBaseAttribute), inherit: true).Any()).ToArray();
            var summaries = BenchmarkSwitcher.FromTypes(benchmarkTypes.Except(ownJob).ToArray()).Run(benchmarkArgs.ToArray(), config)
                .Concat(BenchmarkSwitcher.FromTypes(ownJob).Run(benchmarkArgs.ToArray(), BaseConfig()))
                .ToList();
            var command = "dotnet run -c Release --project benchmarks/Runtime" + (args.Length > 0 ? " -- " + string.Join(" ", args) : string.Empty);
            var job = customJob
                ? "as given on the command line"
                : "5 warm-up and 15 measured iterations per case; FullScanBenchmarks 1 warm-up and 3 measured calls, IndexBuildBenchmarks 1 and 5 (their own jobs)";
            var indexMemory = MeasuresIndex(benchmarkArgs) ? IndexMemory.Measure() : null;
            var results = RuntimeResults.From(summaries, command, job, indexMemory);
            var markdown = RuntimeMarkdown.Render(results);
            Console.WriteLine(markdown);
            if (docs is not null)
            {
                PerformanceDocument.WriteMarkdownSection(Path.Combine(docs, "performance.md"), SectionId, markdown);
                PerformanceDocument.WriteJsonProperty(Path.Combine(docs, "performance.json"), SectionId, results);
                Console.WriteLine($"Wrote the {SectionId} section of {Path.Combine(docs, "performance.md")} and performance.json.");
            }

            var failed = summaries.SelectMany(summary => summary.Reports).Where(report => !report.Success).Select(report => report.BenchmarkCase.DisplayInfo).ToList();
            if (failed.Count > 0 || summaries.Any(summary => summary.HasCriticalValidationErrors))
            {
                Console.Error.WriteLine("Benchmarks that failed: " + (failed.Count > 0 ? string.Join(", ", failed) : "(validation errors above)"));
                return 1;
            }

            return 0;
        }
        finally
        {
            Directory.Delete(stores, recursive: true);
        }
    }

    // The in-process memory measurement runs with the whole set and with any filter that names the index.
    private static bool MeasuresIndex(List<string> benchmarkArgs)
    {
        var filter = benchmarkArgs.SkipWhile(arg => arg is not ("--filter" or "-f")).Skip(1).TakeWhile(arg => !arg.StartsWith("-", StringComparison.Ordinal));
        return filter.Any(pattern => pattern == "*" || pattern.Contains("Index"));
    }

    private static bool IsBenchmark(MethodInfo method) => method.GetCustomAttributes(typeof(BenchmarkAttribute), inherit: false).Any();

    private static string? FindDocsDirectory()
    {
        for (var directory = new DirectoryInfo(Environment.CurrentDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Engram.Analyzers.sln")))
            {
                return Path.Combine(directory.FullName, "docs");
            }
        }

        return null;
    }
}
