using System.Collections.Generic;
using Engram.Analyzers.CodeFixes.Conversion;
using Engram.Analyzers.CodeFixes.Rewriting;
using Microsoft.CodeAnalysis;

namespace Engram.Analyzers.CodeFixes.Fixing;

/// <summary>
/// What fixing one diagnostic takes: context conversions to start from, and edits of its own (a static that becomes
/// a per-thread getter). It is all or nothing: when one conversion cannot be done, the diagnostic has no fix.
/// </summary>
internal sealed class FixRequest
{
    public FixRequest(string title, IEnumerable<ConversionSeed> seeds, SolutionEdits? edits = null, ISymbol? changedPublicMember = null)
    {
        Title = title;
        Seeds = new List<ConversionSeed>(seeds);
        Edits = edits;
        ChangedPublicMember = changedPublicMember;
    }

    public string Title { get; }

    public IReadOnlyList<ConversionSeed> Seeds { get; }

    public SolutionEdits? Edits { get; }

    /// <summary>A member of the public API that <see cref="Edits"/> change the kind or type of, or <see langword="null"/>.</summary>
    public ISymbol? ChangedPublicMember { get; }
}
