using System.Collections.Generic;
using System.Linq;
using System.Text.Json;

namespace Engram.Editor.Tests.Lsp;

/// <summary>A zero-based line and UTF-16 character offset, as LSP counts them.</summary>
internal readonly record struct LspPosition(int Line, int Character)
{
    public override string ToString() => $"{Line}:{Character}";

    public static LspPosition Read(JsonElement position) =>
        new(position.GetProperty("line").GetInt32(), position.GetProperty("character").GetInt32());
}

internal readonly record struct LspRange(LspPosition Start, LspPosition End)
{
    public override string ToString() => $"{Start}-{End}";

    public static LspRange Read(JsonElement range) =>
        new(LspPosition.Read(range.GetProperty("start")), LspPosition.Read(range.GetProperty("end")));
}

/// <summary>A diagnostic as the server sent it.</summary>
/// <param name="Severity">1 error, 2 warning, 3 information, 4 hint.</param>
internal sealed record LspDiagnostic(string Code, int Severity, LspRange Range, string Message)
{
    public const int Error = 1;

    public override string ToString() => $"{Code} at {Range} (severity {Severity}): {Message}";

    public static IReadOnlyList<LspDiagnostic> ReadAll(JsonElement items) =>
        items.EnumerateArray().Select(Read).ToList();

    private static LspDiagnostic Read(JsonElement diagnostic) => new(
        diagnostic.TryGetProperty("code", out var code) ? code.ToString() : "",
        diagnostic.TryGetProperty("severity", out var severity) ? severity.GetInt32() : 0,
        LspRange.Read(diagnostic.GetProperty("range")),
        diagnostic.GetProperty("message").GetString() ?? "");
}
