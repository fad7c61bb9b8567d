using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Engram.Analyzers.Rules;
using Engram.Analyzers.Tests.TestSupport;
using Engram.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace Engram.Analyzers.Tests;

public sealed class SeverityTests
{
    /// <summary>
    /// Per rule, code its analyzer reports once: « and » around the reported span, and the class between CLASS and
    /// END so that a #pragma can enclose it.
    /// </summary>
    private static readonly Dictionary<string, (string Source, Func<string, string?, DiagnosticResult[], Task> Verify)> Rules = new()
    {
        ["ENG001"] = (
            """
            using System.Threading.Tasks;
            using EngramDb;

            CLASS
            class Worker
            {
                Task Run(Database db) => Task.Run(() => «db».ClearAll());
            }
            END
            """,
            VerifyAsync<CapturedByOtherThreadAnalyzer>),
        ["ENG002"] = (
            """
            using System.Threading.Tasks;
            using EngramDb;

            CLASS
            class Worker
            {
                async Task RunAsync(Database db)
                {
                    await Task.Delay(1);
                    «db».ClearAll();
                }
            }
            END
            """,
            VerifyAsync<UsedAcrossAwaitAnalyzer>),
        ["ENG003"] = (
            """
            using EngramDb;

            CLASS
            static class Cache
            {
                static Database? «s_db»;
            }
            END
            """,
            VerifyAsync<AffineValueInSharedStateAnalyzer>),
        ["ENG004"] = (
            """
            using EngramDb;
            using Microsoft.Extensions.DependencyInjection;

            CLASS
            static class Startup
            {
                static void Configure(IServiceCollection services) => «services.AddSingleton<Database>()»;
            }
            END
            """,
            VerifyAsync<RegisteredAsSingletonAnalyzer>),
        ["ENG005"] = (
            """
            using System.Threading;
            using System.Threading.Tasks;

            CLASS
            class Worker
            {
                private readonly Mutex _mutex = new Mutex();

                async Task RunAsync()
                {
                    _mutex.WaitOne();
                    await Task.Delay(1);
                    «_mutex.ReleaseMutex()»;
                }
            }
            END
            """,
            VerifyAsync<ScopeHeldAcrossAwaitAnalyzer>),
        ["ENG006"] = (
            """
            using EngramDb;

            CLASS
            public sealed class «NotesRepository»
            {
                private readonly Database _db = Database.InMemory();
            }
            END
            """,
            VerifyAsync<UnmarkedPublicAffineTypeAnalyzer>),
    };

    /// <summary>The threading rules fail the build; ENG006 only warns, as nothing is misused where it reports.</summary>
    private static readonly Dictionary<string, DiagnosticSeverity> DefaultSeverities = new()
    {
        ["ENG001"] = DiagnosticSeverity.Error,
        ["ENG002"] = DiagnosticSeverity.Error,
        ["ENG003"] = DiagnosticSeverity.Error,
        ["ENG004"] = DiagnosticSeverity.Error,
        ["ENG005"] = DiagnosticSeverity.Error,
        ["ENG006"] = DiagnosticSeverity.Warning,
    };

    public static TheoryData<string> RuleIds => new(Rules.Keys);

    [Fact]
    public void Every_shipped_rule_has_a_severity_case()
    {
        var shipped = AnalyzerCatalog.CreateAll().SelectMany(analyzer => analyzer.SupportedDiagnostics).Select(rule => rule.Id).Order();
        Assert.Equal(shipped, Rules.Keys.Order());
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public Task Rule_has_its_default_severity(string ruleId) =>
        Run(ruleId, editorConfig: null, Expect(ruleId, DefaultSeverities[ruleId]));

    [Theory]
    [MemberData(nameof(RuleIds))]
    public Task Editorconfig_severity_none_silences_the_rule(string ruleId) =>
        Run(ruleId, $"dotnet_diagnostic.{ruleId}.severity = none");

    [Theory]
    [MemberData(nameof(RuleIds))]
    public Task Editorconfig_severity_downgrades_the_rule(string ruleId) =>
        DefaultSeverities[ruleId] == DiagnosticSeverity.Error
            ? Run(ruleId, $"dotnet_diagnostic.{ruleId}.severity = warning", Expect(ruleId, DiagnosticSeverity.Warning))
            : Run(ruleId, $"dotnet_diagnostic.{ruleId}.severity = suggestion", Expect(ruleId, DiagnosticSeverity.Info));

    [Theory]
    [MemberData(nameof(RuleIds))]
    public Task Pragma_warning_disable_suppresses_the_rule(string ruleId) =>
        Run(ruleId, editorConfig: null, pragma: true);

    private static DiagnosticResult Expect(string ruleId, DiagnosticSeverity severity) =>
        new DiagnosticResult(ruleId, severity).WithLocation(0);

    private static Task Run(string ruleId, string? editorConfig, params DiagnosticResult[] expected) =>
        Run(ruleId, editorConfig, pragma: false, expected);

    private static Task Run(string ruleId, string? editorConfig, bool pragma, params DiagnosticResult[] expected)
    {
        var (source, verify) = Rules[ruleId];
        var marked = expected.Length > 0;
        var code = source
            .Replace("«", marked ? "{|#0:" : string.Empty)
            .Replace("»", marked ? "|}" : string.Empty)
            .Replace("CLASS", pragma ? $"#pragma warning disable {ruleId}" : string.Empty)
            .Replace("END", pragma ? $"#pragma warning restore {ruleId}" : string.Empty);
        return verify(code, editorConfig, expected);
    }

    private static Task VerifyAsync<TAnalyzer>(string source, string? editorConfig, DiagnosticResult[] expected)
        where TAnalyzer : DiagnosticAnalyzer, new()
    {
        var test = new CSharpAnalyzerVerifier<TAnalyzer>.Test { TestCode = source };
        if (editorConfig is not null)
        {
            test.TestState.AddEditorConfig(editorConfig);
        }

        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync(CancellationToken.None);
    }
}
