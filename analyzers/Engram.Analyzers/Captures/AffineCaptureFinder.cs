using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading;
using Engram.Analyzers.Affinity;
using Engram.Analyzers.Extensions;
using Engram.Analyzers.Symbols;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace Engram.Analyzers.Captures;

/// <summary>
/// Finds the thread-affine values a delegate handed to a sink uses but did not create: locals and parameters
/// declared outside it, fields and stored properties of <c>this</c> (directly or through the methods and computed
/// properties of <c>this</c> it calls, to any depth), <c>this</c> handed on, the receiver of a method group, what a
/// lambda kept in a local or field or a deferred LINQ query it runs captured, and affine state handed to the sink.
/// </summary>
/// <remarks>
/// <para>
/// Nested lambdas are searched too (they run wherever the delegate runs), and so are local functions that the
/// delegate calls but that are declared outside it. A nested delegate that is itself handed to a sink is skipped,
/// so each use is reported once, against the sink that moves it.
/// </para>
/// <para>
/// A value of a type inferred affine (it holds a handle) is not reported when the delegate only calls members of it
/// that leave its affine state alone. Disposing a value is allowed on any thread and is not a use.
/// </para>
/// <para>
/// What a method of <c>this</c> uses is summarized once per compilation, on demand, only for methods that code run
/// elsewhere reaches (<see cref="ThisStateUsedBy"/>).
/// </para>
/// </remarks>
internal sealed class AffineCaptureFinder
{
    private readonly ThreadAffinityContext _affinity;
    private readonly OtherThreadSinks _sinks;
    private readonly MethodBodies _bodies;
    private readonly ThisStateScreen _thisStateScreen;
    private readonly CycleSafeMemo<IMethodSymbol, CapturedAffineValue[]> _thisState;
    private readonly ConcurrentDictionary<IFieldSymbol, ImmutableArray<IAnonymousFunctionOperation>> _lambdasStoredInField = new(DefinitionIdentityComparer.Instance);

    public AffineCaptureFinder(ThreadAffinityContext affinity, OtherThreadSinks sinks, MethodBodies bodies)
    {
        _affinity = affinity;
        _sinks = sinks;
        _bodies = bodies;
        _thisStateScreen = new ThisStateScreen(affinity);
        _thisState = new CycleSafeMemo<IMethodSymbol, CapturedAffineValue[]>(
            DefinitionIdentityComparer.Instance,
            FindThisStateUsedBy,
            whileInProgress: Array.Empty<CapturedAffineValue>(),
            isBottom: static uses => uses.Length == 0,
            isFinalDespiteCycle: static _ => false);
    }

    /// <summary>Finds what the delegates and state handed to <paramref name="sink"/> (a sink operation) capture.</summary>
    [MethodImpl(HotPath.Optimized)]
    public List<CapturedAffineValue> FindCaptures(IOperation sink, CancellationToken cancellationToken)
    {
        var captures = new List<CapturedAffineValue>();
        foreach (var value in _sinks.GetHandedOverValues(sink))
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
                SearchBody(anonymous.Syntax, anonymous.Body, captures, cancellationToken);
                break;
            case ILocalFunctionOperation { Body: { } body } localFunction:
                SearchBody(localFunction.Syntax, body, captures, cancellationToken);
                break;
        }

        return captures;
    }

    /// <summary>
    /// The affine state of its own instance that <paramref name="method"/> uses when it runs: fields and stored
    /// properties, <c>this</c> handed on, and what the methods and computed properties of <c>this</c> it calls use,
    /// each member once, nearest use first. Empty for methods without a body in this compilation.
    /// </summary>
    public CapturedAffineValue[] ThisStateUsedBy(IMethodSymbol method) =>
        method.IsStatic || !_thisStateScreen.MayHoldAffineState(method.ContainingType)
            ? Array.Empty<CapturedAffineValue>()
            : _thisState.Get(method.OriginalDefinition);

    [MethodImpl(HotPath.Optimized)]
    private void AddCaptures(IOperation handedOver, List<CapturedAffineValue> captures, CancellationToken cancellationToken)
    {
        switch (handedOver.WalkDownConversions())
        {
            case IDelegateCreationOperation { Target: IAnonymousFunctionOperation function }:
                SearchBody(function.Syntax, function.Body, captures, cancellationToken);
                break;
            case IDelegateCreationOperation { Target: IMethodReferenceOperation { Method.MethodKind: MethodKind.LocalFunction } reference }:
                if (reference.FindLocalFunctionDeclaration(reference.Method) is { Body: { } body } declaration)
                {
                    SearchBody(declaration.Syntax, body, captures, cancellationToken);
                }

                break;
            case IDelegateCreationOperation { Target: IMethodReferenceOperation { Instance: { } receiver } reference }:
                AddMethodGroupCaptures(reference, receiver, captures);
                break;
            case IFieldReferenceOperation { Field.Type.TypeKind: TypeKind.Delegate } field:
                AddStoredLambdaCaptures(field, field.Field, captures, cancellationToken);
                break;
            case var state when state.Type is { TypeKind: not TypeKind.Delegate } type && _affinity.FindHeldAffineValue(type) is not null:
                captures.Add(new CapturedAffineValue(state, NameOf(state), type, CaptureKind.State));
                break;
        }
    }

    // The method of a method group runs on the other thread with its receiver: what it uses of the receiver is
    // captured. A receiver whose own members are out of sight (a handle) is captured as a whole.
    private void AddMethodGroupCaptures(IMethodReferenceOperation reference, IOperation receiver, List<CapturedAffineValue> captures)
    {
        var uses = reference.Method is { IsStatic: false, MethodKind: MethodKind.Ordinary } method ? ThisStateUsedBy(method) : Array.Empty<CapturedAffineValue>();
        foreach (var use in uses)
        {
            captures.Add(new CapturedAffineValue(reference, use.Name, use.Type, CaptureKind.UsedByMethodGroup, use.UseInMethod ?? use.Reference, use.Path));
        }

        if (uses.Length == 0
            && receiver is not IInstanceReferenceOperation
            && _affinity.GetAffinity(receiver.Type) is { IsInferred: false })
        {
            captures.Add(new CapturedAffineValue(receiver, receiver.Syntax.ToString(), receiver.Type!, CaptureKind.MethodGroupReceiver));
        }
    }

    private void AddStoredLambdaCaptures(IOperation reference, IFieldSymbol field, List<CapturedAffineValue> captures, CancellationToken cancellationToken)
    {
        foreach (var lambda in LambdasStoredIn(field, cancellationToken))
        {
            var inLambda = new List<CapturedAffineValue>();
            SearchBody(lambda.Syntax, lambda.Body, inLambda, cancellationToken);
            foreach (var capture in inLambda)
            {
                captures.Add(capture.Through(reference, CaptureKind.UsedThroughDelegate, field.Name));
            }
        }
    }

    [MethodImpl(HotPath.Optimized)]
    private void SearchBody(SyntaxNode owner, IOperation body, List<CapturedAffineValue> captures, CancellationToken cancellationToken)
    {
        // Each searched operation carries the declaration (lambda or local function) whose outside counts as captured.
        var searchedOwners = new List<SyntaxNode> { owner };
        var pending = new Stack<(IOperation Operation, SyntaxNode Owner)>(capacity: 32);
        pending.Push((body, owner));
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
                    ConsiderVariable(local, local.Local, local.Local.Type, CaptureKind.Local, ownerSyntax, captures, cancellationToken);
                    continue;
                case IParameterReferenceOperation parameter:
                    // A primary-constructor parameter used by a member is state of the instance, like a field.
                    var parameterKind = parameter.Parameter.GetPrimaryConstructorDeclaration() is null ? CaptureKind.Parameter : CaptureKind.Field;
                    ConsiderVariable(parameter, parameter.Parameter, parameter.Parameter.Type, parameterKind, ownerSyntax, captures, cancellationToken);
                    continue;
                case IFieldReferenceOperation field when field.HasThisReceiver():
                    ConsiderField(field, captures, cancellationToken);
                    continue;
                case IPropertyReferenceOperation property when property.HasThisReceiver():
                    ConsiderProperty(property, captures, cancellationToken);
                    PushArguments(property.Arguments, ownerSyntax, pending);
                    continue;
                case IInvocationOperation { TargetMethod.MethodKind: MethodKind.LocalFunction } call:
                    FollowLocalFunction(call, searchedOwners, pending);
                    break;
                case IInvocationOperation { Instance: { } receiver } call when receiver.WalkDownConversions() is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance }:
                    foreach (var use in ThisStateUsedBy(call.TargetMethod))
                    {
                        captures.Add(use.Through(call, CaptureKind.UsedThroughCall, call.TargetMethod.Name));
                    }

                    PushArguments(call.Arguments, ownerSyntax, pending);
                    continue;
                case IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance } self
                    when !IsReceiver(self) && _affinity.IsThreadAffine(self.Type):
                    captures.Add(new CapturedAffineValue(self, "this", self.Type!, CaptureKind.This));
                    continue;
            }

            foreach (var child in operation.ChildOperations)
            {
                pending.Push((child, ownerSyntax));
            }
        }
    }

    private static void PushArguments(ImmutableArray<IArgumentOperation> arguments, SyntaxNode owner, Stack<(IOperation, SyntaxNode)> pending)
    {
        foreach (var argument in arguments)
        {
            pending.Push((argument, owner));
        }
    }

    private void ConsiderVariable(
        IOperation reference, ISymbol variable, ITypeSymbol type, CaptureKind kind, SyntaxNode owner, List<CapturedAffineValue> captures, CancellationToken cancellationToken)
    {
        // The type is asked first: where a variable is declared is the costlier question, and most variables hold
        // nothing affine.
        if (_affinity.FindHeldAffineValue(type) is not null)
        {
            if (!variable.IsDeclaredWithin(owner) && !reference.IsDisposedHere() && !LeavesAffineStateAlone(reference, type))
            {
                captures.Add(new CapturedAffineValue(reference, variable.Name, type, kind));
            }

            return;
        }

        if (reference is not ILocalReferenceOperation { Local.Type: { TypeKind: TypeKind.Delegate or TypeKind.Interface or TypeKind.Dynamic } or { SpecialType: SpecialType.System_Object } } local
            || variable.IsDeclaredWithin(owner)
            || local.GetSoleAssignedValue() is not { } stored)
        {
            return;
        }

        // A handle kept in a local of another type (object, dynamic, an interface) is still the handle.
        if (stored.WalkDownConversions().Type is { } storedType && _affinity.FindHeldAffineValue(storedType) is not null)
        {
            if (!reference.IsDisposedHere())
            {
                captures.Add(new CapturedAffineValue(reference, variable.Name, storedType, kind));
            }

            return;
        }

        // A lambda or deferred query kept in a local runs here, with what it captured where it was made.
        foreach (var function in DeferredFunctionsOf(stored))
        {
            var inFunction = new List<CapturedAffineValue>();
            SearchBody(function.Syntax, function.Body, inFunction, cancellationToken);
            foreach (var capture in inFunction)
            {
                captures.Add(capture.Through(reference, CaptureKind.UsedThroughDelegate, variable.Name));
            }
        }
    }

    private void ConsiderField(IFieldReferenceOperation field, List<CapturedAffineValue> captures, CancellationToken cancellationToken)
    {
        if (field.Field.Type.TypeKind == TypeKind.Delegate)
        {
            if (field.GetConsumer() is IInvocationOperation { TargetMethod.MethodKind: MethodKind.DelegateInvoke })
            {
                AddStoredLambdaCaptures(field, field.Field, captures, cancellationToken);
            }

            return;
        }

        if (_affinity.FindHeldAffineValue(field.Field.Type) is not null && !field.IsDisposedHere() && !LeavesAffineStateAlone(field, field.Field.Type))
        {
            captures.Add(new CapturedAffineValue(field, field.Field.Name, field.Field.Type, CaptureKind.Field));
        }
    }

    private void ConsiderProperty(IPropertyReferenceOperation property, List<CapturedAffineValue> captures, CancellationToken cancellationToken)
    {
        var symbol = property.Property;

        // Whether a property is stored is read from its declaration; a type that keeps nothing affine answers first.
        if (!_thisStateScreen.MayHoldAffineState(symbol.ContainingType))
        {
            return;
        }

        if (symbol.ReturnsStoredState(cancellationToken))
        {
            if (_affinity.FindHeldAffineValue(symbol.Type) is not null && !property.IsDisposedHere() && !LeavesAffineStateAlone(property, symbol.Type))
            {
                captures.Add(new CapturedAffineValue(property, symbol.Name, symbol.Type, CaptureKind.Property));
            }

            return;
        }

        // A computed property runs its accessor on this thread: what the accessor uses is captured.
        var accessor = property.IsWrittenTo() ? symbol.SetMethod : symbol.GetMethod;
        if (accessor is not null)
        {
            foreach (var use in ThisStateUsedBy(accessor))
            {
                captures.Add(use.Through(property, CaptureKind.UsedThroughCall, symbol.Name));
            }
        }
    }

    /// <summary>
    /// True when a value of an inferred affine type is only asked for members that do not touch its affine state:
    /// a method or computed property whose summary is empty, or a field or stored property holding nothing affine.
    /// </summary>
    private bool LeavesAffineStateAlone(IOperation reference, ITypeSymbol type)
    {
        if (_affinity.GetAffinity(type) is not { IsInferred: true })
        {
            return false;
        }

        return reference.GetConsumer() switch
        {
            IInvocationOperation { Instance: { } instance } call when instance.WalkDownConversions() == reference =>
                _bodies.Find(call.TargetMethod, CancellationToken.None) is not null && ThisStateUsedBy(call.TargetMethod).Length == 0,
            IFieldReferenceOperation field => _affinity.FindHeldAffineValue(field.Field.Type) is null,
            IPropertyReferenceOperation property => property.Property.ReturnsStoredState(CancellationToken.None)
                ? _affinity.FindHeldAffineValue(property.Property.Type) is null
                : property.Property.GetMethod is { } getter && _bodies.Find(getter, CancellationToken.None) is not null && ThisStateUsedBy(getter).Length == 0,
            _ => false,
        };
    }

    /// <summary>
    /// The lambdas that run when the value a local holds is run or enumerated: the lambda itself, or the lambdas of a
    /// deferred LINQ query (<c>items.Where(...).Select(...)</c>, not yet enumerated).
    /// </summary>
    private IEnumerable<IAnonymousFunctionOperation> DeferredFunctionsOf(IOperation stored)
    {
        var value = stored.WalkDownConversions();
        if (value is IDelegateCreationOperation { Target: IAnonymousFunctionOperation lambda })
        {
            yield return lambda;
            yield break;
        }

        if (value is ITranslatedQueryOperation query)
        {
            value = query.Operation.WalkDownConversions();
        }

        while (value is IInvocationOperation call
            && call.TargetMethod.ContainingType.OriginalDefinition.Equals(_affinity.Types.Enumerable, SymbolEqualityComparer.Default)
            && IsDeferred(call.TargetMethod)
            && call.Arguments.Length > 0)
        {
            foreach (var argument in call.Arguments)
            {
                if (argument.Value.WalkDownConversions() is IDelegateCreationOperation { Target: IAnonymousFunctionOperation queryLambda })
                {
                    yield return queryLambda;
                }
            }

            value = call.Arguments[0].Value.WalkDownConversions();
        }
    }

    // Enumerable's deferred operators return a sequence; the others (ToList, Count, First, ...) run at once.
    private static bool IsDeferred(IMethodSymbol method) =>
        method.ReturnType is INamedTypeSymbol { IsGenericType: true } returned
        && returned.OriginalDefinition.ContainingNamespace is { Name: "Generic" or "Linq" }
        && returned.Name is "IEnumerable" or "IOrderedEnumerable";

    /// <summary>The lambdas assigned to a delegate field anywhere in its type: its initializer and every assignment.</summary>
    private ImmutableArray<IAnonymousFunctionOperation> LambdasStoredIn(IFieldSymbol field, CancellationToken cancellationToken) =>
        _lambdasStoredInField.TryGetValue(field.OriginalDefinition, out var known)
            ? known
            : _lambdasStoredInField.GetOrAdd(field.OriginalDefinition, FindLambdasStoredIn(field.OriginalDefinition, cancellationToken));

    private ImmutableArray<IAnonymousFunctionOperation> FindLambdasStoredIn(IFieldSymbol field, CancellationToken cancellationToken)
    {
        var lambdas = ImmutableArray.CreateBuilder<IAnonymousFunctionOperation>();
        foreach (var typeDeclaration in field.ContainingType.DeclaringSyntaxReferences)
        {
            var syntax = typeDeclaration.GetSyntax(cancellationToken);
            var model = _bodies.ModelOf(syntax.SyntaxTree);

            foreach (var node in syntax.DescendantNodes())
            {
                var storedValue = node switch
                {
                    AssignmentExpressionSyntax { Left: var left, Right: var right } when NamesField(left, field.Name) => right,
                    VariableDeclaratorSyntax { Initializer.Value: var initial } declarator when declarator.Identifier.ValueText == field.Name => initial,
                    _ => null,
                };
                if (storedValue is not null
                    && model.GetOperation(storedValue, cancellationToken) is IAnonymousFunctionOperation lambda
                    && IsStoredInto(lambda, field, model, cancellationToken))
                {
                    lambdas.Add(lambda);
                }
            }
        }

        return lambdas.ToImmutable();
    }

    private static bool NamesField(ExpressionSyntax target, string name) => target switch
    {
        IdentifierNameSyntax identifier => identifier.Identifier.ValueText == name,
        MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax, Name: var member } => member.Identifier.ValueText == name,
        _ => false,
    };

    private static bool IsStoredInto(IAnonymousFunctionOperation lambda, IFieldSymbol field, SemanticModel model, CancellationToken cancellationToken)
    {
        var store = lambda.Syntax.Parent;
        var target = store switch
        {
            AssignmentExpressionSyntax assignment => model.GetSymbolInfo(assignment.Left, cancellationToken).Symbol,
            EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator } => model.GetDeclaredSymbol(declarator, cancellationToken),
            _ => null,
        };
        return field.Equals(target?.OriginalDefinition, SymbolEqualityComparer.Default);
    }

    private CapturedAffineValue[] FindThisStateUsedBy(IMethodSymbol method)
    {
        if (_bodies.Find(method, CancellationToken.None) is not { } body)
        {
            return Array.Empty<CapturedAffineValue>();
        }

        var declaration = body.Syntax.FirstAncestorOrSelf<SyntaxNode>(node => node is MemberDeclarationSyntax or LocalFunctionStatementSyntax) ?? body.Syntax;
        var uses = new List<CapturedAffineValue>();
        SearchBody(declaration, body, uses, CancellationToken.None);
        uses.RemoveAll(use => use.Kind is CaptureKind.Local or CaptureKind.Parameter or CaptureKind.State);
        uses.Sort((left, right) => left.Path.Length != right.Path.Length
            ? left.Path.Length.CompareTo(right.Path.Length)
            : left.Reference.Syntax.SpanStart.CompareTo(right.Reference.Syntax.SpanStart));

        var firstUses = new List<CapturedAffineValue>();
        var names = new HashSet<string>();
        foreach (var use in uses)
        {
            if (names.Add(use.Name))
            {
                firstUses.Add(use);
            }
        }

        return firstUses.Count == 0 ? Array.Empty<CapturedAffineValue>() : firstUses.ToArray();
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

    private static bool IsReceiver(IInstanceReferenceOperation self) => self.GetConsumer() switch
    {
        IMemberReferenceOperation member => member.Instance?.WalkDownConversions() == self,
        IInvocationOperation call => call.Instance?.WalkDownConversions() == self,
        _ => false,
    };

    private static string NameOf(IOperation value) => value switch
    {
        ILocalReferenceOperation local => local.Local.Name,
        IParameterReferenceOperation parameter => parameter.Parameter.Name,
        IFieldReferenceOperation field => field.Field.Name,
        IPropertyReferenceOperation property => property.Property.Name,
        _ => value.Syntax.ToString(),
    };
}
