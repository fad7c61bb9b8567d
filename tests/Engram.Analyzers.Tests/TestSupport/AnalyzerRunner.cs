using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Engram.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Diagnostics.Telemetry;

namespace Engram.Analyzers.Tests.TestSupport;

/// <summary>
/// Runs analyzers on hand-built compilations through <see cref="CompilationWithAnalyzers"/>, collecting every
/// analyzer exception instead of letting the driver turn it into an AD0001 warning.
/// </summary>
public static class AnalyzerRunner
{
    public static async Task<CSharpCompilation> CreateCompilationAsync(bool referenceRuntime, params string[] sources)
    {
        var references = await EngramTestSetup.ResolveFrameworkReferencesAsync(CancellationToken.None);
        if (referenceRuntime)
        {
            references = references.Add(EngramTestSetup.RuntimeReference);
        }

        return CSharpCompilation.Create(
            "AnalyzedCode",
            sources.Select(source => CSharpSyntaxTree.ParseText(source, path: "/0/Test.cs")),
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
    }

    public static async Task<AnalysisOutcome> RunAsync(
        Compilation compilation,
        ImmutableArray<DiagnosticAnalyzer> analyzers,
        IReadOnlyDictionary<string, string>? globalOptions = null,
        bool collectTelemetry = false)
    {
        var exceptions = new ConcurrentQueue<Exception>();
        var options = CreateOptions(globalOptions);
        var withAnalyzers = compilation.WithAnalyzers(
            analyzers,
            new CompilationWithAnalyzersOptions(
                options,
                onAnalyzerException: (exception, _, _) => exceptions.Enqueue(exception),
                concurrentAnalysis: false,
                logAnalyzerExecutionTime: false));
        var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync(CancellationToken.None);
        var telemetry = new Dictionary<DiagnosticAnalyzer, AnalyzerTelemetryInfo>();
        foreach (var analyzer in collectTelemetry ? analyzers : ImmutableArray<DiagnosticAnalyzer>.Empty)
        {
            telemetry[analyzer] = await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None);
        }

        return new AnalysisOutcome(diagnostics, exceptions.ToImmutableArray(), telemetry);
    }

    /// <summary>Analyzer options whose config values (as a <c>.globalconfig</c> would give them) apply to every file.</summary>
    public static AnalyzerOptions CreateOptions(IReadOnlyDictionary<string, string>? globalOptions = null) =>
        new(ImmutableArray<AdditionalText>.Empty, new DictionaryAnalyzerConfigOptionsProvider(globalOptions ?? new Dictionary<string, string>()));

    /// <summary>Serves the same options as <c>.globalconfig</c> would, to every file.</summary>
    private sealed class DictionaryAnalyzerConfigOptionsProvider : AnalyzerConfigOptionsProvider
    {
        private readonly DictionaryOptions _options;

        public DictionaryAnalyzerConfigOptionsProvider(IReadOnlyDictionary<string, string> values) => _options = new DictionaryOptions(values);

        public override AnalyzerConfigOptions GlobalOptions => _options;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => _options;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => _options;

        private sealed class DictionaryOptions : AnalyzerConfigOptions
        {
            private readonly IReadOnlyDictionary<string, string> _values;

            public DictionaryOptions(IReadOnlyDictionary<string, string> values) => _values = values;

            public override bool TryGetValue(string key, out string value)
            {
                var found = _values.TryGetValue(key, out var stored);
                value = stored ?? string.Empty;
                return found;
            }
        }
    }
}

/// <summary>What one analysis run produced; <see cref="Telemetry"/> (registered action counts) only when asked for.</summary>
public sealed record AnalysisOutcome(
    ImmutableArray<Diagnostic> Diagnostics,
    ImmutableArray<Exception> AnalyzerExceptions,
    IReadOnlyDictionary<DiagnosticAnalyzer, AnalyzerTelemetryInfo> Telemetry);
