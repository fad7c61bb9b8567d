using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading.Tasks;
using Engram.Analyzers.CodeFixes.Conversion;
using Engram.Analyzers.CodeFixes.Fixing;
using Engram.Analyzers.DependencyInjection;
using Engram.Analyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Engram.Analyzers.CodeFixes;

/// <summary>
/// ENG004, for each registration on its own:
/// <list type="bullet">
/// <item>A <c>Database</c> singleton (<c>AddSingleton(Database.FileBased(path))</c>, a factory returning one, a
/// <c>Database</c> instance) becomes the thread-safe context, <c>services.AddEngramDb(path)</c>, and everything the
/// container injected the <c>Database</c> into takes the context instead: minimal-API handler parameters, the
/// constructors of registered types, <c>GetRequiredService&lt;Database&gt;()</c>. Each reads <c>ctx.Db</c> where it
/// used the handle.</item>
/// <item>A type that holds a handle (<c>AddSingleton&lt;NotesRepository&gt;()</c>, <c>AddHostedService&lt;Worker&gt;()</c>)
/// holds the context instead, so the registration stays and becomes right.</item>
/// </list>
/// </summary>
/// <remarks>
/// No fix for keyed and <c>TryAdd</c> registrations (the context has no key, and <c>AddEngramDb</c> always adds), a
/// store created from the container's own services, an in-memory store, or types marked or configured thread-affine
/// (create them where they are used, or keep one per thread with <c>PerThread&lt;T&gt;</c>).
/// </remarks>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RegisteredAsSingletonFixer)), Shared]
public sealed class RegisteredAsSingletonFixer : CodeFixProvider
{
    private static readonly EngramFix Fix = new(RegisteredAsSingletonAnalyzer.DiagnosticId, "Register thread-safe services", RequestAsync);

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RegisteredAsSingletonAnalyzer.DiagnosticId);

    public override FixAllProvider GetFixAllProvider() => Fix.FixAllProvider;

    public override Task RegisterCodeFixesAsync(CodeFixContext context) => Fix.RegisterCodeFixesAsync(context);

    private static async Task<FixRequest?> RequestAsync(FixSession session, DocumentContext document, Diagnostic diagnostic)
    {
        var project = document.Project;
        if (project.Affinity is not { } affinity
            || SingletonRegistrations.TryCreate(project.Compilation, affinity) is not { } registrations
            || AffineValueSeeds.OperationAt(document, diagnostic.Location) is not { } registration
            || registrations.FindAffineRegisteredType(registration) is not { } registered)
        {
            return null;
        }

        if (project.Runtime.IsDatabase(registered))
        {
            // Only registrations that the service conversion rewrites: a keyed or TryAdd one would stay as it is.
            var service = await project.ServiceAsync().ConfigureAwait(false);
            return service.Registrations.Any(known => known.Call.Syntax == registration.Syntax)
                ? new FixRequest(ConversionTitles.Sentence(ConversionSeed.Service(project.Project)), new[] { ConversionSeed.Service(project.Project) })
                : null;
        }

        return AffineValueSeeds.InferredType(registered, project) is { } seed
            ? new FixRequest(ConversionTitles.Sentence(seed), new[] { seed })
            : null;
    }
}
