using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading;
using Engram.Analyzers.Affinity;
using Engram.Analyzers.Extensions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace Engram.Analyzers.Captures;

/// <summary>
/// Finds the thread-affine values a delegate handed to a sink uses but did not create: locals and parameters
/// declared outside it, fields and stored properties of <c>this</c>, the receiver of a method group, and the
/// fields and stored properties of <c>this</c> that a method passed as a method group uses.
/// </summary>
/// <remarks>
/// <para>
/// Nested lambdas are searched too (they run wherever the delegate runs), and so are local functions that the
/// delegate calls but that are declared outside it. A nested delegate that is itself handed to a sink is skipped,
/// so each use is reported once, against the sink that moves it.
/// </para>
/// <para>
/// A method group of an ordinary method declared in this compilation is searched one level deep: the method's own
/// body (with its lambdas and local functions), not the methods it calls. Each such method is searched once per
/// compilation, however many sinks it is passed to.
/// </para>
/// </remarks>
internal sealed class AffineCaptureFinder
{
    private readonly ThreadAffinityContext _affinity;
    private readonly OtherThreadSinks _sinks;
    private readonly Compilation _compilation;
    private readonly ConcurrentDictionary<IMethodSymbol, ImmutableArray<CapturedAffineValue>> _stateUsedByMethod = new(SymbolEqualityComparer.Default);

    public AffineCaptureFinder(ThreadAffinityContext affinity, OtherThreadSinks sinks, Compilation compilation)
    {
        _affinity = affinity;
        _sinks = sinks;
        _compilation = compilation;
    }

    /// <summary>Finds what the delegates handed to <paramref name="sink"/> (a sink operation) capture.</summary>
    [MethodImpl(HotPath.Optimized)]
    public List<CapturedAffineValue> FindCaptures(IOperation sink, CancellationToken cancellationToken)
    {
        var captures = new List<CapturedAffineValue>();
        foreach (var value in OtherThreadSinks.GetHandedOverValues(sink))
        {
            AddCaptures(value, captures, cancellationToken);
        }

        return captures;
    }

    /// <summary>Where <see cref="FindCaptures"/> reports, for every sink under <paramref name="root"/>.</summary>
    [MethodImpl(HotPath.Optimized)]
    public HashSet<TextSpan> FindCaptureSpans(IOperation root, CancellationToken cancellationToken)
    {
        var spans = new HashSet<TextSpan>();
        foreach (var operation in root.DescendantsAndSelf())
        {
            if (_sinks.IsSink(operation))
            {
                foreach (var capture in FindCaptures(operation, cancellationToken))
                {
                    spans.Add(capture.Reference.Syntax.Span);
                }
            }
        }

        return spans;
    }

    /// <summary>
    /// What a lambda, anonymous method or local function (<paramref name="function"/>) uses but did not create, as
    /// <see cref="FindCaptures"/> finds it for a delegate handed to a sink.
    /// </summary>
    [MethodImpl(HotPath.Optimized)]
    public List<CapturedAffineValue> FindCapturesIn(IOperation function, CancellationToken cancellationToken)
    {
        var captures = new List<CapturedAffineValue>();
        switch (function)
        {
            case IAnonymousFunctionOperation anonymous:
                SearchBody(anonymous, anonymous.Body, captures, cancellationToken);
                break;
            case ILocalFunctionOperation { Body: { } body } localFunction:
                SearchBody(localFunction, body, captures, cancellationToken);
                break;
        }

        return captures;
    }

    [MethodImpl(HotPath.Optimized)]
    private void AddCaptures(IOperation delegateValue, List<CapturedAffineValue> captures, CancellationToken cancellationToken)
    {
        switch (delegateValue.WalkDownConversions())
        {
            case IDelegateCreationOperation { Target: IAnonymousFunctionOperation function }:
                SearchBody(function, function.Body, captures, cancellationToken);
                break;
            case IDelegateCreationOperation { Target: IMethodReferenceOperation { Method.MethodKind: MethodKind.LocalFunction } reference }:
                if (reference.FindLocalFunctionDeclaration(reference.Method) is { Body: { } body } declaration)
                {
                    SearchBody(declaration, body, captures, cancellationToken);
                }

                break;
            case IDelegateCreationOperation { Target: IMethodReferenceOperation { Instance: { } receiver } } when _affinity.IsThreadAffine(receiver.Type):
                captures.Add(new CapturedAffineValue(receiver, receiver.Syntax.ToString(), receiver.Type!, CaptureKind.MethodGroupReceiver));
                break;
            case IDelegateCreationOperation { Target: IMethodReferenceOperation { Instance: not null, Method: { IsStatic: false, MethodKind: MethodKind.Ordinary } } reference }:
                foreach (var use in GetStateUsedBy(reference.Method.OriginalDefinition, reference, cancellationToken))
                {
                    captures.Add(new CapturedAffineValue(reference, use.Name, use.Type, CaptureKind.UsedByMethodGroup, use.Reference));
                }

                break;
        }
    }

    // A static method has no receiver to capture (static state is ENG003's), so only instance methods get here.
    private ImmutableArray<CapturedAffineValue> GetStateUsedBy(IMethodSymbol method, IOperation methodGroup, CancellationToken cancellationToken) =>
        _stateUsedByMethod.TryGetValue(method, out var known)
            ? known
            : _stateUsedByMethod.GetOrAdd(method, FindStateUsedBy(method.PartialImplementationPart ?? method, methodGroup.SemanticModel, cancellationToken));

    /// <summary>The affine fields and stored properties of <c>this</c> a source method uses, each once, at its first use.</summary>
    private ImmutableArray<CapturedAffineValue> FindStateUsedBy(IMethodSymbol method, SemanticModel? methodGroupModel, CancellationToken cancellationToken)
    {
        if (method.DeclaringSyntaxReferences is not { Length: 1 } declarations
            || declarations[0].GetSyntax(cancellationToken) is not { } declaration
            || !_compilation.ContainsSyntaxTree(declaration.SyntaxTree))
        {
            return ImmutableArray<CapturedAffineValue>.Empty;
        }

        var model = methodGroupModel?.SyntaxTree == declaration.SyntaxTree ? methodGroupModel : GetSemanticModel(declaration.SyntaxTree);
        if (model.GetOperation(declaration, cancellationToken) is not IMethodBodyOperation body)
        {
            return ImmutableArray<CapturedAffineValue>.Empty;
        }

        var uses = new List<CapturedAffineValue>();
        SearchBody(body, body, uses, cancellationToken);
        uses.Sort((left, right) => left.Reference.Syntax.SpanStart.CompareTo(right.Reference.Syntax.SpanStart));
        var firstUses = ImmutableArray.CreateBuilder<CapturedAffineValue>();
        var names = new HashSet<string>();
        foreach (var use in uses)
        {
            if (names.Add(use.Name))
            {
                firstUses.Add(use);
            }
        }

        return firstUses.ToImmutable();
    }

    // The method group's own model serves when the method is in the same file. Otherwise a model of the method's
    // file is needed; that happens only for a method group handed to a sink, and once per method (see the cache).
#pragma warning disable RS1030 // Do not invoke Compilation.GetSemanticModel() within a diagnostic analyzer
    private SemanticModel GetSemanticModel(SyntaxTree tree) => _compilation.GetSemanticModel(tree);
#pragma warning restore RS1030

    [MethodImpl(HotPath.Optimized)]
    private void SearchBody(IOperation owner, IOperation body, List<CapturedAffineValue> captures, CancellationToken cancellationToken)
    {
        // Each searched operation carries the declaration (lambda or local function) whose outside counts as captured.
        var searchedOwners = new List<SyntaxNode> { owner.Syntax };
        var pending = new Stack<(IOperation Operation, SyntaxNode Owner)>();
        pending.Push((body, owner.Syntax));
        while (pending.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (operation, ownerSyntax) = pending.Pop();
            switch (operation)
            {
                case INameOfOperation:
                    continue;
                case IDelegateCreationOperation when _sinks.IsSinkDelegate(operation):
                    continue;
                case ILocalReferenceOperation local:
                    AddIfCaptured(local, local.Local, local.Local.Type, CaptureKind.Local, ownerSyntax, captures);
                    continue;
                case IParameterReferenceOperation parameter:
                    AddIfCaptured(parameter, parameter.Parameter, parameter.Parameter.Type, CaptureKind.Parameter, ownerSyntax, captures);
                    continue;
                case IFieldReferenceOperation field when field.HasThisReceiver() && _affinity.IsThreadAffine(field.Field.Type):
                    captures.Add(new CapturedAffineValue(field, field.Field.Name, field.Field.Type, CaptureKind.Field));
                    continue;
                case IPropertyReferenceOperation property when property.HasThisReceiver() && IsStoredAffineProperty(property.Property, cancellationToken):
                    captures.Add(new CapturedAffineValue(property, property.Property.Name, property.Property.Type, CaptureKind.Property));
                    break;
                case IInvocationOperation { TargetMethod.MethodKind: MethodKind.LocalFunction } call:
                    FollowLocalFunction(call, searchedOwners, pending);
                    break;
            }

            foreach (var child in operation.ChildOperations)
            {
                pending.Push((child, ownerSyntax));
            }
        }
    }

    // A local function declared outside the delegate but called from it runs on the delegate's thread too.
    private static void FollowLocalFunction(IInvocationOperation call, List<SyntaxNode> searchedOwners, Stack<(IOperation, SyntaxNode)> pending)
    {
        foreach (var searched in searchedOwners)
        {
            if (call.TargetMethod.IsDeclaredWithin(searched))
            {
                return;
            }
        }

        if (call.FindLocalFunctionDeclaration(call.TargetMethod) is { Body: { } body } declaration)
        {
            searchedOwners.Add(declaration.Syntax);
            pending.Push((body, declaration.Syntax));
        }
    }

    private void AddIfCaptured(IOperation reference, ISymbol variable, ITypeSymbol type, CaptureKind kind, SyntaxNode owner, List<CapturedAffineValue> captures)
    {
        if (_affinity.IsThreadAffine(type) && !variable.IsDeclaredWithin(owner))
        {
            captures.Add(new CapturedAffineValue(reference, variable.Name, type, kind));
        }
    }

    private bool IsStoredAffineProperty(IPropertySymbol property, CancellationToken cancellationToken) =>
        _affinity.IsThreadAffine(property.Type)
        && property.ReturnsStoredState(cancellationToken);
}
