using System.Threading;
using System.Threading.Tasks;
using Engram.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Xunit;
using CaptureVerify = Engram.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<Engram.Analyzers.CapturedByOtherThreadAnalyzer>;
using SharedStateVerify = Engram.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<Engram.Analyzers.AffineValueInSharedStateAnalyzer>;

namespace Engram.Analyzers.Tests;

public sealed class SeverityTests
{
    private const string CaptureSource = """
        using System.Threading.Tasks;
        using EngramDb;

        class Worker
        {
            Task Run(Database db) => Task.Run(() => DB.ClearAll());
        }
        """;

    private const string SharedStateSource = """
        using EngramDb;

        static class Cache
        {
            static Database? FIELD;
        }
        """;

    [Fact]
    public Task Rules_are_errors_by_default() =>
        Task.WhenAll(
            CaptureVerify.VerifyAnalyzerAsync(
                CaptureSource.Replace("DB", "{|#0:db|}"),
                CaptureVerify.Diagnostic("ENG001").WithLocation(0).WithSeverity(DiagnosticSeverity.Error).WithArguments("db", "EngramDb.Database", "Task.Run")),
            SharedStateVerify.VerifyAnalyzerAsync(
                SharedStateSource.Replace("FIELD", "{|#0:s_db|}"),
                SharedStateVerify.Diagnostic("ENG003").WithLocation(0).WithSeverity(DiagnosticSeverity.Error).WithArguments("s_db", "EngramDb.Database", "a static field")));

    [Fact]
    public Task Editorconfig_severity_none_silences_the_rules() =>
        Task.WhenAll(
            CaptureVerify.VerifyAnalyzerWithEditorConfigAsync(CaptureSource.Replace("DB", "db"), "dotnet_diagnostic.ENG001.severity = none"),
            SharedStateVerify.VerifyAnalyzerWithEditorConfigAsync(SharedStateSource.Replace("FIELD", "s_db"), "dotnet_diagnostic.ENG003.severity = none"));

    [Fact]
    public Task Editorconfig_severity_warning_downgrades_the_rule()
    {
        var test = new CaptureVerify.Test { TestCode = CaptureSource.Replace("DB", "{|#0:db|}") };
        test.TestState.AddEditorConfig("dotnet_diagnostic.ENG001.severity = warning");
        test.ExpectedDiagnostics.Add(CaptureVerify.Diagnostic("ENG001").WithLocation(0).WithSeverity(DiagnosticSeverity.Warning).WithArguments("db", "EngramDb.Database", "Task.Run"));
        return test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public Task Pragma_warning_disable_suppresses_the_rules() =>
        Task.WhenAll(
            CaptureVerify.VerifyAnalyzerAsync(CaptureSource.Replace("DB", "\n#pragma warning disable ENG001\n db\n#pragma warning restore ENG001\n")),
            SharedStateVerify.VerifyAnalyzerAsync(SharedStateSource.Replace("static Database? FIELD;", "#pragma warning disable ENG003\n static Database? s_db;\n#pragma warning restore ENG003")));
}
