using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Engram.Editor.Tests.Lsp;
using Xunit;
using Xunit.Abstractions;

namespace Engram.Editor.Tests;

/// <summary>
/// What an editor shows with the package installed: csharp-ls over LSP, on a consumer of the packed Engram.Runtime. The
/// misuse gets its ENG diagnostics at the right ranges, typing the safe pattern clears them, and no half-typed state in
/// between makes an analyzer fail.
/// </summary>
[Collection(EditorCollection.Name)]
public sealed class EditorDiagnosticsTests
{
    /// <summary>The first answer waits for csharp-ls to load the project (a design-time build) and run every analyzer.</summary>
    private static readonly TimeSpan FirstAnalysisTimeout = TimeSpan.FromMinutes(4);

    private static readonly TimeSpan AnalysisTimeout = TimeSpan.FromMinutes(1);

    /// <summary>All of it, however slow each step: on a quiet 2-core machine it takes a small part of that.</summary>
    private static readonly TimeSpan TestBudget = TimeSpan.FromMinutes(15);

    private readonly EditorFixture _editor;
    private readonly ITestOutputHelper _output;

    public EditorDiagnosticsTests(EditorFixture editor, ITestOutputHelper output)
    {
        _editor = editor;
        _output = output;
    }

    [Fact]
    public async Task Misuse_ShowsEngDiagnosticsAtTheirRanges_TypingTheSafePatternClearsThem_AndNoHalfTypedStateBreaksAnAnalyzer()
    {
        var deadline = new Deadline(TestBudget);
        using var consumer = EditorConsumer.Create(_editor.Feed, _editor.ThrowingAnalyzerAssembly);
        _output.WriteLine($"consumer written and restored: {deadline.Elapsed.TotalSeconds:F1} s");
        await using var server = await CSharpLanguageServer.StartAsync(consumer.ProjectDirectory, consumer.Environment);
        _output.WriteLine($"csharp-ls started and initialized: {server.StartDuration.TotalSeconds:F1} s");
        var document = new VersionedDocument(consumer.PathOf(MisuseDocument.FileName), MisuseDocument.Misuse);
        var analysis = new DocumentAnalyses(server, document, deadline);

        await analysis.OpenAsync();
        var opened = await analysis.OfCurrentVersionAsync(FirstAnalysisTimeout);
        _output.WriteLine($"first diagnostics after didOpen: {analysis.LastDuration.TotalSeconds:F1} s");
        Assert.Equal(MisuseDocument.MisuseDiagnostics(document.Text), EngDiagnostics(opened));
        Assert.All(opened.Where(IsEng), diagnostic => Assert.Equal(LspDiagnostic.Error, diagnostic.Severity));
        await AssertNoAnalyzerFailed(analysis, opened);

        var fixedAwait = await TypeEach(analysis, MisuseDocument.FixTheAwait(document.Body));
        Assert.Equal(new[] { ("ENG001", MisuseDocument.CapturedHandle(document.Text)) }, EngDiagnostics(fixedAwait));

        var safe = await TypeEach(analysis, MisuseDocument.FixTheCapture(document.Body));
        Assert.Empty(EngDiagnostics(safe));
        Assert.DoesNotContain(safe, d => d.Severity == LspDiagnostic.Error);

        // The check above must be able to fail: the consumer also has an analyzer that throws on one name.
        var control = await analysis.AfterEditAsync(MisuseDocument.WithThrowingAnalyzerTrigger(document.Body), AnalysisTimeout);
        var failures = await analysis.FailuresAsync(control, AnalysisTimeout);
        Assert.NotEmpty(failures);
        _output.WriteLine($"version {document.Version}, the control: the check saw {string.Join("; ", failures)}");

        _output.WriteLine($"{analysis.Count} analyses of {document.Version} versions; after an edit: median " +
            $"{analysis.MedianEditDuration.TotalSeconds:F2} s, longest {analysis.LongestEditDuration.TotalSeconds:F2} s; whole test {deadline.Elapsed.TotalSeconds:F1} s");
    }

    /// <summary>Sends each state as an edit and checks its analysis; returns the last state's diagnostics.</summary>
    private async Task<IReadOnlyList<LspDiagnostic>> TypeEach(DocumentAnalyses analysis, IReadOnlyList<string> states)
    {
        IReadOnlyList<LspDiagnostic> diagnostics = Array.Empty<LspDiagnostic>();
        foreach (var state in states)
        {
            diagnostics = await analysis.AfterEditAsync(state, AnalysisTimeout);
            _output.WriteLine($"version {analysis.Document.Version}: {string.Join("; ", VersionedDocument.WithoutVersionWarning(diagnostics))}");
            await AssertNoAnalyzerFailed(analysis, diagnostics);
        }

        return diagnostics;
    }

    private static async Task AssertNoAnalyzerFailed(DocumentAnalyses analysis, IReadOnlyList<LspDiagnostic> diagnostics)
    {
        var failures = await analysis.FailuresAsync(diagnostics, AnalysisTimeout);
        Assert.True(failures.Count == 0, $"Version {analysis.Document.Version} of the document:\n{analysis.Document.Text}\n{string.Join("\n", failures)}");
    }

    private static bool IsEng(LspDiagnostic diagnostic) => diagnostic.Code.StartsWith("ENG", StringComparison.Ordinal);

    private static (string Rule, LspRange Range)[] EngDiagnostics(IEnumerable<LspDiagnostic> diagnostics) =>
        diagnostics.Where(IsEng).Select(d => (d.Code, d.Range)).OrderBy(d => d.Code, StringComparer.Ordinal).ThenBy(d => d.Range.Start.Line).ToArray();
}
