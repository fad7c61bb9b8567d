using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace Engram.Analyzers.Tests.Verifiers;

/// <summary>Runs one analyzer on test code with <c>{|ENG001:db|}</c>-style markup for expected diagnostics.</summary>
public static class CSharpAnalyzerVerifier<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    public static DiagnosticResult Diagnostic(string diagnosticId) =>
        CSharpAnalyzerVerifier<TAnalyzer, DefaultVerifier>.Diagnostic(diagnosticId);

    public static Task VerifyAnalyzerAsync(string source, params DiagnosticResult[] expected)
    {
        var test = new Test { TestCode = source };
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync(CancellationToken.None);
    }

    /// <summary>Like <see cref="VerifyAnalyzerAsync(string, DiagnosticResult[])"/> with an <c>.editorconfig</c> section.</summary>
    public static Task VerifyAnalyzerWithEditorConfigAsync(string source, string editorConfigLines, params DiagnosticResult[] expected)
    {
        var test = new Test { TestCode = source };
        test.TestState.AddEditorConfig(editorConfigLines);
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync(CancellationToken.None);
    }

    /// <summary>Like <see cref="VerifyAnalyzerAsync(string, DiagnosticResult[])"/> with a <c>.globalconfig</c>.</summary>
    public static Task VerifyAnalyzerWithGlobalConfigAsync(string source, string globalConfigLines, params DiagnosticResult[] expected)
    {
        var test = new Test { TestCode = source };
        test.TestState.AddGlobalConfig(globalConfigLines);
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync(CancellationToken.None);
    }

    public sealed class Test : CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
    {
        public Test() => EngramTestSetup.Apply(this);
    }
}
