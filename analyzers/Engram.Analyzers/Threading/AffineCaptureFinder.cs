using System;
using System.Collections.Generic;
using System.Threading;
using Engram.Analyzers.Extensions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Engram.Analyzers.Threading;

/// <summary>
/// Finds the thread-affine values a delegate uses but did not create: locals and parameters declared outside it,
/// fields and stored properties of <c>this</c>, and the receiver of a method group.
/// </summary>
/// <remarks>
/// Nested lambdas are searched too (they run wherever the delegate runs), and so are local functions that the
/// delegate calls but that are declared outside it. A nested delegate for which <c>isAnalyzedSeparately</c> holds
/// (one handed to another sink) is skipped, so each use is reported once, against the sink that moves it.
/// </remarks>
internal sealed class AffineCaptureFinder
{
    private readonly ThreadAffinityContext _affinity;
    private readonly Func<IOperation, bool> _isAnalyzedSeparately;

    public AffineCaptureFinder(ThreadAffinityContext affinity, Func<IOperation, bool> isAnalyzedSeparately)
    {
        _affinity = affinity;
        _isAnalyzedSeparately = isAnalyzedSeparately;
    }

    /// <summary>Finds the captures of the delegate that <paramref name="delegateValue"/> creates (an argument or a handler).</summary>
    public List<CapturedAffineValue> FindCaptures(IOperation delegateValue, CancellationToken cancellationToken)
    {
        var captures = new List<CapturedAffineValue>();
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
        }

        return captures;
    }

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
                case IDelegateCreationOperation when _isAnalyzedSeparately(operation):
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
