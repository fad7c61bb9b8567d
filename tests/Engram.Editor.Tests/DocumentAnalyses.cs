using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using Engram.Editor.Tests.Lsp;

namespace Engram.Editor.Tests;

/// <summary>
/// The open document's analyses by the language server, each proven to be of the version just sent, and the check
/// that no analyzer failed in it. csharp-ls 0.28 leaves an analyzer exception (AD0001, which has no location) out of a
/// document's diagnostics, and its workspace diagnostics then have no report for the project at all; so the check
/// asks for both.
/// </summary>
internal sealed class DocumentAnalyses
{
    /// <summary>The diagnostics that mean an analyzer or generator failed instead of analysing.</summary>
    private static readonly string[] AnalyzerFailureCodes = { "AD0001", "CS8032", "CS8784", "CS8785" };

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    private readonly CSharpLanguageServer _server;
    private readonly Deadline _deadline;
    private readonly List<TimeSpan> _editDurations = new();

    public DocumentAnalyses(CSharpLanguageServer server, VersionedDocument document, Deadline deadline)
    {
        _server = server;
        Document = document;
        _deadline = deadline;
    }

    public VersionedDocument Document { get; }

    public int Count { get; private set; }

    /// <summary>How long the last analysis took to arrive, from the first request for it.</summary>
    public TimeSpan LastDuration { get; private set; }

    public TimeSpan MedianEditDuration => _editDurations.Order().ElementAt(_editDurations.Count / 2);

    public TimeSpan LongestEditDuration => _editDurations.Max();

    public Task OpenAsync() => _server.OpenAsync(Document.Path, Document.Text);

    /// <summary>Edits the document to <paramref name="body"/> and waits for the analysis of the new version.</summary>
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
        var waitingFor = $"the diagnostics of version {Document.Version} of {Document.Path}";
        var stopwatch = Stopwatch.StartNew();
        while (true)
        {
            var remaining = _deadline.Cap(timeout - stopwatch.Elapsed, waitingFor);
            var diagnostics = await _server.DocumentDiagnosticsAsync(Document.Path, remaining > TimeSpan.Zero ? remaining : PollInterval);
            if (Document.IsCurrentAnalysis(diagnostics))
            {
                Count++;
                LastDuration = stopwatch.Elapsed;
                return diagnostics;
            }

            if (stopwatch.Elapsed > timeout)
            {
                throw new TimeoutException(
                    $"No {waitingFor} within {timeout.TotalSeconds:0} s; the last answer: [{string.Join("; ", diagnostics)}]. {_server.Describe()}");
            }

            await Task.Delay(PollInterval);
        }
    }

    /// <summary>What says an analyzer failed on the current version: a failure diagnostic anywhere, or no workspace report of the document.</summary>
    public async Task<IReadOnlyList<string>> FailuresAsync(IReadOnlyList<LspDiagnostic> documentDiagnostics, TimeSpan timeout)
    {
        var failures = documentDiagnostics.Where(IsFailure).Select(d => $"in the document's diagnostics: {d}").ToList();
        var workspace = await _server.WorkspaceDiagnosticsAsync(_deadline.Cap(timeout, "the workspace diagnostics"));
        failures.AddRange(workspace.SelectMany(report => report.Value.Where(IsFailure).Select(d => $"in the workspace diagnostics of {report.Key}: {d}")));
        var uri = CSharpLanguageServer.Uri(Document.Path);
        if (!workspace.TryGetValue(uri, out var ours) || !Document.IsCurrentAnalysis(ours))
        {
            failures.Add(
                $"the workspace diagnostics have no report of version {Document.Version} of {uri} (reports for: [{string.Join(", ", workspace.Keys)}]); " +
                "csharp-ls drops a project's report when an analyzer throws");
        }

        return failures;
    }

    private static bool IsFailure(LspDiagnostic diagnostic) => AnalyzerFailureCodes.Contains(diagnostic.Code);
}
