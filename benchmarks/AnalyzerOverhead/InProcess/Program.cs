using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime;
using System.Threading;
using Engram.Benchmarks.AnalyzerOverhead;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

// Runs the analyzers of one assembly over code written by AnalyzerOverhead.Generator, single-threaded, and prints the
// compiler's per-analyzer execution time for each iteration. Iteration 1 pays the JIT, as a build does; later
// iterations show the steady state. Each iteration analyzes a fresh compilation of the same syntax trees. It also
// prints what the analysis allocated, how many garbage collections paused it, how long the JIT compiled while it ran
// (the compiler's methods and the analyzers' alike, on any thread) and how long the whole analysis took, the driver's
// own binding included. The analysis runs in a no-GC region when the runtime grants one: the analyzer driver binds
// the whole compilation again (about 1.3 GB for the x1 code, nearly all of it the compiler's), and each collection's
// pause, up to a quarter of a second, would land in whichever analyzer callback happened to be running. A run whose
// region ran out shows its collections in this line.
//
//   dotnet run -c Release --project benchmarks/AnalyzerOverhead/InProcess -- \
//       --code artifacts/analyzer-overhead/code-x1 --analyzers <dir>/Engram.Analyzers.dll [--iterations 3] [--rules ENG001,ENG002]
//
// --rules runs only the analyzers that report one of those IDs. The analyzers share lazily built compiler state
// (operation trees, bound members) and memoized answers, paid by whichever analyzer asks first, so only two runs of
// the same rule set compare rule by rule.
var options = InProcessOptions.Parse(args);
if (options is null)
{
    Console.Error.WriteLine("usage: --code <generated code directory> --analyzers <analyzer assembly> [--iterations N] [--rules ID,ID]");
    return 2;
}

var sources = Path.Combine(options.CodeDirectory, "src");
if (!Directory.Exists(sources))
{
    Console.Error.WriteLine($"No generated sources in '{sources}': run benchmarks/AnalyzerOverhead/run.sh (or its generator) first.");
    return 2;
}

var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
var trees = Directory.GetFiles(sources, "*.cs", SearchOption.AllDirectories)
    .Order(StringComparer.Ordinal)
    .Select(path => CSharpSyntaxTree.ParseText(File.ReadAllText(path), parseOptions, path))
    .ToImmutableArray();
var references = ReferencePaths.Find(options.CodeDirectory).Select(path => MetadataReference.CreateFromFile(path)).ToImmutableArray();
var compilation = CSharpCompilation.Create(
    "Contoso.Platform",
    trees,
    references,
    new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, concurrentBuild: false));
var errors = compilation.GetDiagnostics().Where(diagnostic => diagnostic.Severity == DiagnosticSeverity.Error).ToList();
if (errors.Count > 0)
{
    Console.Error.WriteLine($"The generated code does not compile ({errors.Count} errors), first: {errors[0]}");
    return 1;
}

var analyzers = new AnalyzerFileReference(Path.GetFullPath(options.AnalyzerAssembly), new DefaultLoader())
    .GetAnalyzers(LanguageNames.CSharp)
    .Where(analyzer => options.Rules is null || analyzer.SupportedDiagnostics.Any(descriptor => options.Rules.Contains(descriptor.Id)))
    .ToImmutableArray();
if (analyzers.IsEmpty)
{
    Console.Error.WriteLine($"No C# analyzer in '{options.AnalyzerAssembly}'{(options.Rules is null ? string.Empty : " reports " + string.Join(", ", options.Rules))}.");
    return 2;
}

Console.WriteLine($"{trees.Length} files, {analyzers.Length} analyzers from {options.AnalyzerAssembly}");

// More than analyzing the generated x1 code allocates, so that no collection interrupts it.
const long NoGcRegionBytes = 3L << 30;
for (var iteration = 1; iteration <= options.Iterations; iteration++)
{
    var fresh = compilation.Clone();
    fresh.GetDiagnostics();
    var withAnalyzers = fresh.WithAnalyzers(
        analyzers,
        new CompilationWithAnalyzersOptions(AnalyzerOptionsWithoutFiles(), onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: true));
    var noGcRegion = GC.TryStartNoGCRegion(NoGcRegionBytes);
    var started = Stopwatch.GetTimestamp();
    var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
    var pausedBefore = GC.GetTotalPauseDuration();
    var collectionsBefore = GC.CollectionCount(0);
    var jitBefore = JitInfo.GetCompilationTime();
    var jittedBefore = JitInfo.GetCompiledMethodCount();
    var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync();
    var analysisSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
    if (noGcRegion && GCSettings.LatencyMode == GCLatencyMode.NoGCRegion)
    {
        GC.EndNoGCRegion();
    }

    var jit = $"JIT {(JitInfo.GetCompilationTime() - jitBefore).TotalMilliseconds:0} ms for {JitInfo.GetCompiledMethodCount() - jittedBefore} methods";
    var memory = $"{(GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / (1024 * 1024)} MB allocated, "
        + $"{GC.CollectionCount(0) - collectionsBefore} collections pausing {(GC.GetTotalPauseDuration() - pausedBefore).TotalMilliseconds:0} ms";
    var times = new List<(string Name, double Seconds)>();
    foreach (var analyzer in analyzers)
    {
        var telemetry = await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None);
        times.Add((Label(analyzer), telemetry.ExecutionTime.TotalSeconds));
    }

    var perAnalyzer = string.Join(", ", times.OrderByDescending(time => time.Seconds).Select(time => $"{time.Name} {Seconds(time.Seconds)}"));
    Console.WriteLine($"iteration {iteration}{(iteration == 1 ? " (cold)" : string.Empty)}: {Seconds(times.Sum(time => time.Seconds))} s in analyzers ({perAnalyzer}); {diagnostics.Length} diagnostics{ById(diagnostics)}; {memory}; {jit}; {Seconds(analysisSeconds)} s for the whole analysis");
}

return 0;

static string ById(ImmutableArray<Diagnostic> diagnostics) =>
    diagnostics.IsEmpty ? string.Empty : " (" + string.Join(", ", diagnostics.GroupBy(d => d.Id).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}")) + ")";

// "UsedAcrossAwaitAnalyzer[ENG002]": the type and the rule IDs it reports, so scripts can group by rule.
static string Label(DiagnosticAnalyzer analyzer) =>
    $"{analyzer.GetType().Name}[{string.Join(",", analyzer.SupportedDiagnostics.Select(descriptor => descriptor.Id).Distinct().Order(StringComparer.Ordinal))}]";

static string Seconds(double seconds) => seconds.ToString("0.000", CultureInfo.InvariantCulture);

static AnalyzerOptions AnalyzerOptionsWithoutFiles() => new(ImmutableArray<AdditionalText>.Empty);

internal sealed record InProcessOptions(string CodeDirectory, string AnalyzerAssembly, int Iterations, IReadOnlySet<string>? Rules)
{
    public static InProcessOptions? Parse(string[] args)
    {
        string? code = null;
        string? analyzers = null;
        var iterations = 3;
        HashSet<string>? rules = null;
        for (var index = 0; index + 1 < args.Length; index += 2)
        {
            switch (args[index])
            {
                case "--code":
                    code = args[index + 1];
                    break;
                case "--analyzers":
                    analyzers = args[index + 1];
                    break;
                case "--rules":
                    rules = args[index + 1].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
                    break;
                case "--iterations" when int.TryParse(args[index + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed > 0:
                    iterations = parsed;
                    break;
                default:
                    return null;
            }
        }

        return args.Length % 2 == 0 && code is not null && analyzers is not null ? new InProcessOptions(code, analyzers, iterations, rules) : null;
    }
}

/// <summary>The assemblies the generated projects compile against, found where a build would find them.</summary>
internal static class ReferencePaths
{
    public static IEnumerable<string> Find(string codeDirectory)
    {
        var runtimeDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var runtimeVersion = Path.GetFileName(runtimeDirectory);
        var dotnetRoot = Path.GetFullPath(Path.Combine(runtimeDirectory, "..", "..", ".."));
        var referencePack = Path.Combine(dotnetRoot, "packs", "Microsoft.NETCore.App.Ref", runtimeVersion, "ref", $"net{Environment.Version.Major}.{Environment.Version.Minor}");
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var dependencyInjection = Path.Combine(
            packages,
            GeneratedCodeReferences.DependencyInjectionPackage.ToLowerInvariant(),
            GeneratedCodeReferences.DependencyInjectionVersion,
            "lib",
            "net8.0",
            GeneratedCodeReferences.DependencyInjectionPackage + ".dll");
        var extra = new[] { Path.Combine(codeDirectory, GeneratedCodeReferences.RuntimeAssemblyPath), dependencyInjection };
        foreach (var path in extra.Append(referencePack))
        {
            if (!Path.Exists(path))
            {
                throw new FileNotFoundException($"Missing reference '{path}'. run.sh generates and restores the code (or set NUGET_PACKAGES).", path);
            }
        }

        return Directory.GetFiles(referencePack, "*.dll").Concat(extra);
    }
}

internal sealed class DefaultLoader : IAnalyzerAssemblyLoader
{
    public void AddDependencyLocation(string fullPath)
    {
    }

    public Assembly LoadFromPath(string fullPath) => Assembly.LoadFrom(fullPath);
}
