using System.Collections.Generic;
using System.Linq;

namespace Engram.Package.Tests.DocSnippets;

/// <summary>What a snippet's page claims against what the build reported for it.</summary>
internal static class SnippetExpectations
{
    /// <summary>
    /// The differences, empty when the build reported exactly the marked ENG diagnostics (rule and line, each as
    /// often as marked) and nothing else: no compiler error or warning, no other analyzer's warning.
    /// </summary>
    public static IReadOnlyList<string> Mismatches(DocSnippet snippet, IReadOnlyList<BuildDiagnostic> reported)
    {
        var mismatches = new List<string>();
        var missing = snippet.Expected.ToList();
        foreach (var diagnostic in reported)
        {
            var match = missing.FindIndex(expected => IsAtMark(diagnostic, snippet, expected));
            if (match >= 0)
            {
                missing.RemoveAt(match);
            }
            else
            {
                mismatches.Add($"not named by the page: {diagnostic}");
            }
        }

        mismatches.AddRange(missing.Select(expected => $"named by the page but not reported: {expected}"));
        return mismatches;
    }

    private static bool IsAtMark(BuildDiagnostic diagnostic, DocSnippet snippet, ExpectedDiagnostic expected) =>
        diagnostic.Id == expected.Id
        && diagnostic.Line == expected.Line
        && diagnostic.Path == Repository.PathOf(snippet.Fence.Page);
}
