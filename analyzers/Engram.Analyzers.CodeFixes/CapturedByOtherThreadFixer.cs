using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading.Tasks;
using Engram.Analyzers.Captures;
using Engram.Analyzers.CodeFixes.Conversion;
using Engram.Analyzers.CodeFixes.Fixing;
using Engram.Analyzers.Extensions;
using Engram.Analyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Engram.Analyzers.CodeFixes;

/// <summary>
/// ENG001: the captured value stops being a handle. The variable holding it becomes a
/// <c>ThreadSafeAgentContext</c> (<c>var notes = Database.FileBased(path)</c> becomes
/// <c>var notesContext = EngramThreadSafe.GetThreadSafeContext(path)</c>), and every use reads <c>notesContext.Db</c>,
/// the handle of the thread it runs on; a type that holds a handle (a repository, a hosted service) holds the context
/// instead. <see cref="ContextConversionPlanner"/> says what moves with it.
/// </summary>
/// <remarks>
/// No fix when the handle's creations are not all in sight or have no per-thread counterpart
/// (<c>Database.InMemory()</c> would give each thread different data; a configured third-party type has no known
/// factory), for a handle passed to the sink as its state or as a method group's receiver (both are evaluated on
/// the calling thread), for a static (ENG003's fix), or for handles kept in collections.
/// </remarks>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CapturedByOtherThreadFixer)), Shared]
public sealed class CapturedByOtherThreadFixer : CodeFixProvider
{
    private static readonly EngramFix Fix = new(CapturedByOtherThreadAnalyzer.DiagnosticId, "Use each thread's own handle", RequestAsync);

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(CapturedByOtherThreadAnalyzer.DiagnosticId);

    public override FixAllProvider GetFixAllProvider() => Fix.FixAllProvider;

    public override Task RegisterCodeFixesAsync(CodeFixContext context) => Fix.RegisterCodeFixesAsync(context);

    private static async Task<FixRequest?> RequestAsync(FixSession session, DocumentContext document, Diagnostic diagnostic)
    {
        // A method group, a call or a stored delegate is reported where the delegate reaches it; the use is the additional location.
        var location = diagnostic.AdditionalLocations.FirstOrDefault() ?? diagnostic.Location;
        if (location.SourceTree is not { } tree || await session.DocumentAsync(tree).ConfigureAwait(false) is not { } useDocument
            || AffineValueSeeds.OperationAt(useDocument, location) is not { } use
            || IsHandedOverAsState(use, useDocument)
            || AffineValueSeeds.For(use, useDocument) is not { } seed)
        {
            return null;
        }

        return new FixRequest("Use this thread's own handle: " + ConversionTitles.Describe(seed), new[] { seed });
    }

    // QueueUserWorkItem(callback, db): the state is read on the calling thread, whatever it holds.
    private static bool IsHandedOverAsState(Microsoft.CodeAnalysis.IOperation use, DocumentContext document) =>
        use.GetPassingArgument()?.Parent is { } call
        && document.Project.Affinity is { } affinity
        && CaptureAnalysis.For(affinity, document.Project.Compilation).Sinks.IsSink(call);
}
