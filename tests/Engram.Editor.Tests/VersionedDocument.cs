using System.Collections.Generic;
using System.Linq;
using Engram.Editor.Tests.Lsp;

namespace Engram.Editor.Tests;

/// <summary>
/// An open document whose last line, <c>#warning editor-version N</c>, names its version: the compiler reports it back
/// as CS1030 with that text, so a diagnostics answer proves which version of the document it analysed.
/// </summary>
internal sealed class VersionedDocument
{
    private const string VersionWarningCode = "CS1030";

    public VersionedDocument(string path, string body)
    {
        Path = path;
        Body = body;
    }

    public string Path { get; }

    /// <summary>The document without its version line; always ends with a line break.</summary>
    public string Body { get; private set; }

    public int Version { get; private set; } = 1;

    public string Text => Body + VersionLine(Version);

    /// <summary>Moves to the next version with <paramref name="body"/>.</summary>
    /// <returns>The two edits, in order, that an editor sends for it: the body's change, then the version line's.</returns>
    public IReadOnlyList<(LspRange Range, string NewText)> Edit(string body)
    {
        var bodyChange = DocumentText.Change(Text, body + VersionLine(Version));
        var versionChange = DocumentText.Change(body + VersionLine(Version), body + VersionLine(Version + 1));
        Body = body;
        Version++;
        return new[] { bodyChange, versionChange };
    }

    /// <summary>Whether <paramref name="diagnostics"/> are those of this document's current version.</summary>
    public bool IsCurrentAnalysis(IEnumerable<LspDiagnostic> diagnostics) =>
        diagnostics.Any(d => d.Code == VersionWarningCode && d.Message == $"#warning: 'editor-version {Version}'");

    /// <summary>The diagnostics that are not the version line's own warning.</summary>
    public static IEnumerable<LspDiagnostic> WithoutVersionWarning(IEnumerable<LspDiagnostic> diagnostics) =>
        diagnostics.Where(d => d.Code != VersionWarningCode);

    private static string VersionLine(int version) => $"#warning editor-version {version}\n";
}
