using System;
using System.Collections.Generic;
using System.Diagnostics;
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

    /// <summary>The diagnostics that mean an analyzer or generator failed instead of analysing.</summary>
    private static readonly string[] AnalyzerFailureCodes = { "AD0001", "CS8032", "CS8784", "CS8785" };

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
        var total = Stopwatch.StartNew();
        using var consumer = EditorConsumer.Create(_editor.Feed, _editor.ThrowingAnalyzerAssembly);
        _output.WriteLine($"consumer written and restored: {total.Elapsed.TotalSeconds:F1} s");
        await using var server = await CSharpLanguageServer.StartAsync(consumer.ProjectDirectory, consumer.Environment);
        _output.WriteLine($"csharp-ls started and initialized: {server.StartDuration.TotalSeconds:F1} s");
        var document = new VersionedDocument(consumer.PathOf(MisuseDocument.FileName), MisuseDocument.Misuse);
        var analysis = new Analysis(server, document);

        await server.OpenAsync(document.Path, document.Text);
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

        // The check above must be able to fail: an analyzer that throws on this name is in the consumer too.
        await TypeEach(analysis, new[] { document.Body + "static class Control { static int Twice(int ThrowInTheAnalyzer) => 2 * ThrowInTheAnalyzer; }\n" }, expectFailure: true);

        _output.WriteLine($"{analysis.Count} analyses of {document.Version} versions; after an edit: median " +
            $"{analysis.MedianEditDuration.TotalSeconds:F2} s, longest {analysis.LongestEditDuration.TotalSeconds:F2} s; whole test {total.Elapsed.TotalSeconds:F1} s");
    }

    /// <summary>Sends each state as an edit and checks its analysis; returns the last state's diagnostics.</summary>
    private async Task<IReadOnlyList<LspDiagnostic>> TypeEach(Analysis analysis, IReadOnlyList<string> states, bool expectFailure = false)
    {
        IReadOnlyList<LspDiagnostic> diagnostics = Array.Empty<LspDiagnostic>();
        foreach (var state in states)
        {
            diagnostics = await analysis.AfterEditAsync(state, AnalysisTimeout);
            _output.WriteLine($"version {analysis.Document.Version}: {string.Join("; ", VersionedDocument.WithoutVersionWarning(diagnostics))}");
            if (expectFailure)
            {
                var failures = await analysis.FailuresAsync(diagnostics, AnalysisTimeout);
                Assert.NotEmpty(failures);
                _output.WriteLine($"the control's analyzer failure was seen: {string.Join("; ", failures)}");
            }
            else
            {
                await AssertNoAnalyzerFailed(analysis, diagnostics);
            }
        }

        return diagnostics;
    }

    private static async Task AssertNoAnalyzerFailed(Analysis analysis, IReadOnlyList<LspDiagnostic> diagnostics)
    {
        var failures = await analysis.FailuresAsync(diagnostics, AnalysisTimeout);
        Assert.True(failures.Count == 0, $"Version {analysis.Document.Version} of the document:\n{analysis.Document.Text}\n{string.Join("\n", failures)}");
    }

    private static bool IsEng(LspDiagnostic diagnostic) => diagnostic.Code.StartsWith("ENG", StringComparison.Ordinal);

    private static (string Rule, LspRange Range)[] EngDiagnostics(IEnumerable<LspDiagnostic> diagnostics) =>
        diagnostics.Where(IsEng).Select(d => (d.Code, d.Range)).OrderBy(d => d.Code, StringComparer.Ordinal).ThenBy(d => d.Range.Start.Line).ToArray();

    /// <summary>
    /// The document's analyses, each proven to be of the version just sent, and the check that no analyzer failed in it.
    /// csharp-ls leaves an analyzer exception (AD0001, which has no location) out of a document's diagnostics, and its
    /// workspace diagnostics then have no report for the project at all; so the check asks for both.
    /// </summary>
    private sealed class Analysis
    {
        private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

        private readonly CSharpLanguageServer _server;
        private readonly List<TimeSpan> _editDurations = new();

        public Analysis(CSharpLanguageServer server, VersionedDocument document)
        {
            _server = server;
            Document = document;
        }

        public VersionedDocument Document { get; }

        public int Count { get; private set; }

        public TimeSpan LastDuration { get; private set; }

        public TimeSpan MedianEditDuration => _editDurations.Order().ElementAt(_editDurations.Count / 2);

        public TimeSpan LongestEditDuration => _editDurations.Max();

        public async Task<IReadOnlyList<LspDiagnostic>> AfterEditAsync(string body, TimeSpan timeout)
        {
            await _server.ChangeAsync(Document.Path, Document.Version + 1, Document.Edit(body));
            var diagnostics = await OfCurrentVersionAsync(timeout);
            _editDurations.Add(LastDuration);
            return diagnostics;
        }

        /// <summary>Asks for the document's diagnostics until they are those of its current version.</summary>
        /// <exception cref="TimeoutException">No analysis of the current version within <paramref name="timeout"/>.</exception>
        public async Task<IReadOnlyList<LspDiagnostic>> OfCurrentVersionAsync(TimeSpan timeout)
        {
            var stopwatch = Stopwatch.StartNew();
            while (true)
            {
                var remaining = timeout - stopwatch.Elapsed;
                var diagnostics = await _server.DocumentDiagnosticsAsync(Document.Path, remaining > TimeSpan.Zero ? remaining : TimeSpan.FromSeconds(1));
                if (Document.IsCurrentAnalysis(diagnostics))
                {
                    Count++;
                    LastDuration = stopwatch.Elapsed;
                    return diagnostics;
                }

                if (stopwatch.Elapsed > timeout)
                {
                    throw new TimeoutException(
                        $"No diagnostics of version {Document.Version} of {Document.Path} within {timeout.TotalSeconds:0} s; the last answer: " +
                        $"[{string.Join("; ", diagnostics)}]. {_server.Describe()}");
                }

                await Task.Delay(PollInterval);
            }
        }

        /// <summary>What says an analyzer failed on the current version: a failure diagnostic anywhere, or no workspace report for the document.</summary>
        public async Task<IReadOnlyList<string>> FailuresAsync(IReadOnlyList<LspDiagnostic> documentDiagnostics, TimeSpan timeout)
        {
            var failures = documentDiagnostics.Where(IsFailure).Select(d => $"in the document's diagnostics: {d}").ToList();
            var workspace = await _server.WorkspaceDiagnosticsAsync(timeout);
            failures.AddRange(workspace.SelectMany(report => report.Value.Where(IsFailure).Select(d => $"in the workspace diagnostics of {report.Key}: {d}")));
            var uri = CSharpLanguageServer.Uri(Document.Path);
            if (!workspace.TryGetValue(uri, out var ours) || !Document.IsCurrentAnalysis(ours))
            {
                failures.Add(
                    $"the workspace diagnostics have no report of version {Document.Version} of {uri} (reports for: {string.Join(", ", workspace.Keys)}); " +
                    "csharp-ls drops a project's report when an analyzer throws");
            }

            return failures;
        }

        private static bool IsFailure(LspDiagnostic diagnostic) => AnalyzerFailureCodes.Contains(diagnostic.Code);
    }
}
