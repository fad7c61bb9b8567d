using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Engram.Editor.ThrowingAnalyzer;

/// <summary>Throws whenever it meets the identifier <see cref="ThrowingAnalyzerTrigger.Identifier"/>, as a broken analyzer would on half-typed code.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ThrowingAnalyzer : DiagnosticAnalyzer
{
    private static readonly DiagnosticDescriptor Never = new(
        "THROW001",
        "Never reported",
        "Never reported",
        "Testing",
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Never);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterSyntaxNodeAction(
            node =>
            {
                if (((IdentifierNameSyntax)node.Node).Identifier.ValueText == ThrowingAnalyzerTrigger.Identifier)
                {
                    throw new InvalidOperationException($"{nameof(ThrowingAnalyzer)} met '{ThrowingAnalyzerTrigger.Identifier}'.");
                }
            },
            SyntaxKind.IdentifierName);
    }
}
