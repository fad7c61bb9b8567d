using System.Collections.Concurrent;
using System.Threading;
using Engram.Analyzers.Extensions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Engram.Analyzers.Captures;

/// <summary>
/// The operations of methods declared in this compilation, for summaries of what a method does when something else
/// calls it. One semantic model per syntax tree, made on first need.
/// </summary>
internal sealed class MethodBodies
{
    private readonly Compilation _compilation;
    private readonly IAssemblySymbol _assembly;
    private readonly ConcurrentDictionary<SyntaxTree, SemanticModel> _models = new();

    public MethodBodies(Compilation compilation)
    {
        _compilation = compilation;
        _assembly = compilation.Assembly;
    }

    /// <summary>True when <paramref name="method"/> is declared in this compilation, so it may have a body here.</summary>
    public bool IsDeclaredHere(IMethodSymbol method) => method.IsDeclaredIn(_assembly);

    /// <summary>
    /// The body of <paramref name="method"/> (a method, accessor, constructor or local function with one
    /// declaration in this compilation), or <see langword="null"/> when it has none in sight: abstract, extern,
    /// partial without implementation, declared in metadata.
    /// </summary>
    public IOperation? Find(IMethodSymbol method, CancellationToken cancellationToken) =>
        FindDeclaration(method, cancellationToken) is { } declaration ? Find(declaration, cancellationToken) : null;

    /// <summary>The body declared by <paramref name="declaration"/>, one that <see cref="FindDeclaration"/> returned.</summary>
    public IOperation? Find(SyntaxNode declaration, CancellationToken cancellationToken) =>
        ModelOf(declaration.SyntaxTree).GetOperation(declaration, cancellationToken) switch
        {
            ILocalFunctionOperation localFunction => localFunction.Body,
            var body => body,
        };

    /// <summary>The declaration whose body <see cref="Find(IMethodSymbol, CancellationToken)"/> returns, before anything is bound.</summary>
    public SyntaxNode? FindDeclaration(IMethodSymbol method, CancellationToken cancellationToken)
    {
        method = method.PartialImplementationPart ?? method;
        if (method.IsAbstract
            || method.IsExtern
            || method.DeclaringSyntaxReferences is not { Length: 1 } declarations
            || declarations[0].GetSyntax(cancellationToken) is not { } declaration
            || !_compilation.ContainsSyntaxTree(declaration.SyntaxTree))
        {
            return null;
        }

        return declaration;
    }

    /// <summary>
    /// A semantic model of a tree of this compilation. Only methods that code run elsewhere calls are summarized,
    /// each once per compilation, so few files need a model of their own beside the one the compiler gives the rule.
    /// </summary>
#pragma warning disable RS1030 // Do not invoke Compilation.GetSemanticModel() within a diagnostic analyzer
    public SemanticModel ModelOf(SyntaxTree tree) => _models.GetOrAdd(tree, t => _compilation.GetSemanticModel(t));
#pragma warning restore RS1030
}
