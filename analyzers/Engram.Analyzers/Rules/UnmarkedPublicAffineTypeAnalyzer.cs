using System.Collections.Immutable;
using Engram.Analyzers.Affinity;
using Engram.Analyzers.Extensions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Engram.Analyzers.Rules;

/// <summary>
/// ENG006: a public type of a library holds a thread-affine value but does not say so. Inside the library the rules
/// infer its affinity from its fields; a project that references the library sees only its public surface (reference
/// assemblies drop private fields), so there the type looks harmless and every other rule misses it. Marking it
/// <c>[ThreadAffine]</c> carries the affinity across, and <c>[Sendable]</c> says it is safe to share.
/// </summary>
/// <remarks>
/// A warning, not an error like the threading rules: the type is not misused here, its users would be blind. Only in
/// libraries (an application's types are not used by other projects) and not in test projects.
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnmarkedPublicAffineTypeAnalyzer : DiagnosticAnalyzer
{
    public const string DiagnosticId = "ENG006";

    // Declared CompilerVisibleProperty by the package's buildTransitive props.
    private const string IsTestProjectProperty = "build_property.IsTestProject";

    internal static readonly DiagnosticDescriptor Rule = new(
        DiagnosticId,
        title: "Public type that holds a thread-affine value is not marked",
        messageFormat: "'{0}' is thread-affine{1}, but projects that use this library cannot see it: mark it [ThreadAffine], or [Sendable] if it hands each thread its own value or guards every access",
        RuleCategories.Threading,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A class, struct or record that holds a thread-affine value in its instance state is thread-affine too. "
            + "The rules infer that from its fields, which other projects do not see: to them the type of a library looks "
            + "like any other. Mark public holders [ThreadAffine] (any attribute of that name) so the rules protect every "
            + "project that uses them, or [Sendable] when the type is safe to share between threads.",
        helpLinkUri: RuleHelp.LinkFor(DiagnosticId));

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterThreadAffinityAnalysis((start, affinity) =>
        {
            if (start.Compilation.Options.OutputKind != OutputKind.DynamicallyLinkedLibrary
                || (start.Options.AnalyzerConfigOptionsProvider.GlobalOptions.TryGetValue(IsTestProjectProperty, out var isTest)
                    && bool.TryParse(isTest, out var isTestProject)
                    && isTestProject))
            {
                return;
            }

            start.RegisterSymbolAction(symbolContext => AnalyzeType(symbolContext, affinity), SymbolKind.NamedType);
        });
    }

    private static void AnalyzeType(SymbolAnalysisContext context, ThreadAffinityContext affinity)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        if (type.TypeKind is not (TypeKind.Class or TypeKind.Struct)
            || type.IsImplicitlyDeclared
            || !IsVisibleOutsideTheAssembly(type)
            || affinity.GetAffinity(type) is not { IsInferred: true } inferred
            || type.Locations.IsEmpty)
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(Rule, type.Locations[0], type.Name, inferred.DescribeWhy(affinity)));
    }

    private static bool IsVisibleOutsideTheAssembly(INamedTypeSymbol type)
    {
        for (INamedTypeSymbol? current = type; current is not null; current = current.ContainingType)
        {
            if (current.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Protected or Accessibility.ProtectedOrInternal))
            {
                return false;
            }
        }

        return true;
    }
}
