using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Engram.Analyzers.Captures;
using Engram.Analyzers.CodeFixes.Conversion;
using Engram.Analyzers.CodeFixes.Fixing;
using Engram.Analyzers.Extensions;
using Engram.Analyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Operations;

namespace Engram.Analyzers.CodeFixes;

/// <summary>
/// ENG002: the code after the await reads the handle of the thread it resumed on. The variable holding the handle
/// becomes a <c>ThreadSafeAgentContext</c> and every use, before and after each await, reads its <c>Db</c> right
/// there; a <c>Database</c> parameter of a minimal-API handler becomes a <c>ThreadSafeAgentContext</c> parameter, and
/// the registration becomes <c>AddEngramDb(path)</c>; a type holding a handle holds the context instead. The same
/// rewrite as ENG001's, so whichever rule's fix runs first, the result is the same.
/// </summary>
/// <remarks>
/// No fix where the handle's creations are not all in sight or have no per-thread counterpart
/// (<c>Database.InMemory()</c>, a configured third-party type), where the container that injects it is configured
/// out of sight, or when the await lies between reading the handle and using it (<c>db.Save(await LoadAsync())</c>):
/// any handle read there is read before the await; split the statement by hand.
/// </remarks>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UsedAcrossAwaitFixer)), Shared]
public sealed class UsedAcrossAwaitFixer : CodeFixProvider
{
    private static readonly EngramFix Fix = new(UsedAcrossAwaitAnalyzer.DiagnosticId, "Read the resumed thread's handle after each await", RequestAsync);

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(UsedAcrossAwaitAnalyzer.DiagnosticId);

    public override FixAllProvider GetFixAllProvider() => Fix.FixAllProvider;

    public override Task RegisterCodeFixesAsync(CodeFixContext context) => Fix.RegisterCodeFixesAsync(context);

    private static Task<FixRequest?> RequestAsync(FixSession session, DocumentContext document, Diagnostic diagnostic)
    {
        var value = AffineValueSeeds.OperationAt(document, diagnostic.Location)?.WalkDownConversions();
        var seeds = new List<ConversionSeed>();
        if (MemberOfThisUsingState(value) is { } member)
        {
            // A call of a method (or computed property) of this uses the instance's state: that state converts.
            if (document.Project.Affinity is not { } affinity)
            {
                return Task.FromResult<FixRequest?>(null);
            }

            foreach (var use in CaptureAnalysis.For(affinity, document.Project.Compilation).Captures.ThisStateUsedBy(member))
            {
                if (AffineValueSeeds.For(use.UseInMethod ?? use.Reference, document) is not { } seed)
                {
                    return Task.FromResult<FixRequest?>(null);
                }

                seeds.Add(seed);
            }
        }
        else if (AffineValueSeeds.For(value, document) is { } seed)
        {
            seeds.Add(seed);
        }

        return Task.FromResult(seeds.Count == 0
            ? null
            : new FixRequest("Read the resumed thread's handle: " + ConversionTitles.Describe(seeds[0]), seeds));
    }

    private static IMethodSymbol? MemberOfThisUsingState(IOperation? value) => value switch
    {
        IInvocationOperation { Instance: { } receiver } call when receiver.WalkDownConversions() is IInstanceReferenceOperation => call.TargetMethod,
        IPropertyReferenceOperation { Instance: { } receiver, Property: { GetMethod: { } getter } property }
            when receiver.WalkDownConversions() is IInstanceReferenceOperation && !property.ReturnsStoredState(default) => getter,
        _ => null,
    };
}
