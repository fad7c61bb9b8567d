using System.Collections.Immutable;
using System.Linq;
using Engram.Analyzers.Affinity;
using Engram.Analyzers.Extensions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Engram.Analyzers.Rules;

/// <summary>
/// ENG003: a thread-affine value is kept where other threads can reach it: a static field or auto-property, a static
/// <c>Lazy&lt;T&gt;</c> or collection, or an <c>AsyncLocal&lt;T&gt;</c> (which flows to other threads with the
/// execution context).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class AffineValueInSharedStateAnalyzer : DiagnosticAnalyzer
{
    public const string DiagnosticId = "ENG003";

    /// <summary>Diagnostic property: an <see cref="AffineHolderKind"/> name (<c>Direct</c>, <c>Lazy</c>, <c>AsyncLocal</c>, <c>Container</c>).</summary>
    public const string HolderKindProperty = "HolderKind";

    internal static readonly DiagnosticDescriptor Rule = new(
        DiagnosticId,
        title: "Thread-affine value kept in static or flowing state",
        messageFormat: "'{0}' keeps thread-affine '{1}' in {2}, which other threads can reach; keep one per thread instead (a getter returning EngramThreadSafe.GetThreadSafeContext(path).Db, a [ThreadStatic] field or PerThread<T>)",
        RuleCategories.Threading,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A thread-affine handle may only be used on the thread that created it. Static fields, static "
            + "auto-properties, static Lazy<T> and static collections are shared by every thread, and an AsyncLocal<T> "
            + "flows to whichever thread resumes the work. Keep one handle per thread instead: a property returning "
            + "EngramThreadSafe.GetThreadSafeContext(path).Db, a [ThreadStatic] field, ThreadLocal<T> or PerThread<T>.",
        helpLinkUri: RuleHelp.LinkFor(DiagnosticId));

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterThreadAffinityAnalysis((start, affinity) =>
        {
            start.RegisterSymbolAction(
                symbolContext =>
                {
                    var field = (IFieldSymbol)symbolContext.Symbol;
                    if (!field.IsConst
                        && !field.IsImplicitlyDeclared
                        && FindSharedAffineValue(field, affinity, field.Type) is { } held
                        && !field.HasAttribute(affinity.Types.ThreadStaticAttribute))
                    {
                        Report(symbolContext, held, "field");
                    }
                },
                SymbolKind.Field);
            start.RegisterSymbolAction(
                symbolContext =>
                {
                    // The declaration is read only for properties that would hold an affine value in shared state.
                    var property = (IPropertySymbol)symbolContext.Symbol;
                    if (FindSharedAffineValue(property, affinity, property.Type) is { } held
                        && property.GetValueSource(symbolContext.CancellationToken) == PropertyValueSource.BackingField)
                    {
                        Report(symbolContext, held, "property");
                    }
                },
                SymbolKind.Property);
        });
    }

    /// <summary>The affine value a member of type <paramref name="type"/> holds where other threads reach it: static, or an <c>AsyncLocal</c>.</summary>
    /// <remarks>
    /// Asked of every field and property of the compilation, nearly all of them instance members: whether the member
    /// is static or an <c>AsyncLocal</c> is answered first, before the type's attributes, bases and arguments.
    /// </remarks>
    private static HeldAffineValue? FindSharedAffineValue(ISymbol member, ThreadAffinityContext affinity, ITypeSymbol type)
    {
        if (!member.IsStatic && !type.OriginalDefinition.Equals(affinity.Types.AsyncLocal, SymbolEqualityComparer.Default))
        {
            return null;
        }

        return affinity.FindHeldAffineValue(type) is { } held && (member.IsStatic || held.Kind == AffineHolderKind.AsyncLocal) ? held : null;
    }

    private static void Report(SymbolAnalysisContext context, HeldAffineValue held, string memberKind)
    {
        var symbol = context.Symbol;
        var place = held.Kind switch
        {
            AffineHolderKind.Lazy => "a static Lazy<T>",
            AffineHolderKind.AsyncLocal => "an AsyncLocal<T>, which flows with the execution context",
            AffineHolderKind.Container => "a static collection or container",
            _ => $"a static {memberKind}",
        };
        context.ReportDiagnostic(Diagnostic.Create(
            Rule,
            symbol.Locations.FirstOrDefault() ?? Location.None,
            ImmutableDictionary<string, string?>.Empty.Add(HolderKindProperty, held.Kind.ToString()),
            symbol.Name,
            held.AffineType.ToMessageString(),
            place));
    }
}
