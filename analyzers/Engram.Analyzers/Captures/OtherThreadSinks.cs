using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using Engram.Analyzers.Extensions;
using Engram.Analyzers.Symbols;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Engram.Analyzers.Captures;

/// <summary>
/// The calls, constructors and event subscriptions that run a delegate on another thread: <c>Task.Run</c>,
/// <c>TaskFactory.StartNew</c>, <c>Task.ContinueWith</c>, <c>new Thread</c>, <c>ThreadPool.QueueUserWorkItem</c>,
/// <c>Parallel.*</c>, PLINQ operators, and timer callbacks.
/// </summary>
/// <remarks>
/// Sinks are recognised by the containing type of the called member, compared with symbols resolved once, and
/// then by member name; no symbol is formatted or looked up per call.
/// </remarks>
internal sealed class OtherThreadSinks
{
    private static readonly HashSet<string> TaskMethods = new(StringComparer.Ordinal) { "Run", "ContinueWith" };
    private static readonly HashSet<string> TaskFactoryMethods = new(StringComparer.Ordinal) { "StartNew" };
    private static readonly HashSet<string> ThreadPoolMethods = new(StringComparer.Ordinal) { "QueueUserWorkItem", "UnsafeQueueUserWorkItem" };
    private static readonly HashSet<string> ParallelMethods = new(StringComparer.Ordinal) { "For", "ForEach", "Invoke", "ForAsync", "ForEachAsync" };

    // A null name set means every method of the type (every PLINQ operator runs its delegates on pool threads).
    // Looked up for every invocation and object creation, by the definition of the containing type.
    private readonly Dictionary<INamedTypeSymbol, HashSet<string>?> _methodNamesByType = new(DefinitionIdentityComparer.Instance);
    private readonly HashSet<INamedTypeSymbol> _constructedTypes = new(DefinitionIdentityComparer.Instance);
    private readonly IEventSymbol? _timerElapsed;
    private readonly IMethodSymbol? _fromCurrentSynchronizationContext;

    public OtherThreadSinks(WellKnownThreadingTypes types)
    {
        AddMethods(types.Task, TaskMethods);
        AddMethods(types.TaskOfT, TaskMethods);
        AddMethods(types.TaskFactory, TaskFactoryMethods);
        AddMethods(types.TaskFactoryOfT, TaskFactoryMethods);
        AddMethods(types.ThreadPool, ThreadPoolMethods);
        AddMethods(types.Parallel, ParallelMethods);
        AddMethods(types.ParallelEnumerable, null);
        AddConstructor(types.Thread);
        AddConstructor(types.ThreadingTimer);
        _timerElapsed = types.TimersTimer.GetSingleMember<IEventSymbol>("Elapsed");
        _fromCurrentSynchronizationContext = types.TaskScheduler.GetSingleMember<IMethodSymbol>("FromCurrentSynchronizationContext");
    }

    /// <summary>True when <paramref name="operation"/> is an invocation, object creation or event subscription that is a sink.</summary>
    [MethodImpl(HotPath.Optimized)]
    public bool IsSink(IOperation? operation) => operation switch
    {
        IInvocationOperation invocation => IsSink(invocation),
        IObjectCreationOperation creation => IsSink(creation),
        IEventAssignmentOperation assignment => IsSink(assignment),
        _ => false,
    };

    [MethodImpl(HotPath.Optimized)]
    public bool IsSink(IInvocationOperation invocation) =>
        invocation.TargetMethod.ContainingType is { } containingType
        && _methodNamesByType.TryGetValue(containingType.OriginalDefinition, out var names)
        && (names is null || names.Contains(invocation.TargetMethod.Name))
        && !IsGivenCurrentSynchronizationContextScheduler(invocation.Arguments);

    [MethodImpl(HotPath.Optimized)]
    public bool IsSink(IObjectCreationOperation creation) =>
        creation.Constructor is { } constructor && _constructedTypes.Contains(constructor.ContainingType.OriginalDefinition);

    [MethodImpl(HotPath.Optimized)]
    public bool IsSink(IEventAssignmentOperation assignment) =>
        _timerElapsed is not null
        && assignment is { Adds: true, EventReference: IEventReferenceOperation reference }
        && _timerElapsed.Equals(reference.Event.OriginalDefinition, SymbolEqualityComparer.Default);

    /// <summary>
    /// True when <paramref name="delegateCreation"/> is handed to a sink: straight, or through a local that holds
    /// only it (<c>Action work = () =&gt; ...; Task.Run(work);</c>).
    /// </summary>
    public bool IsSinkDelegate(IOperation delegateCreation) =>
        IsHandedToSink(delegateCreation)
        || (delegateCreation.GetLocalHoldingOnly() is { } local && delegateCreation.GetRoot().FindReads(local).Any(IsHandedToSink));

    /// <summary>
    /// The values a sink hands over: its arguments (each element of a <c>params</c> array) or the event handler. A
    /// delegate local that is only ever assigned its initializer stands for that initializer, so the lambda or
    /// method group it stores is what the sink runs.
    /// </summary>
    public static IEnumerable<IOperation> GetHandedOverValues(IOperation sink) => sink switch
    {
        IInvocationOperation invocation => invocation.Arguments.SelectMany(argument => argument.GetPassedValues()).Select(ThroughStoringLocal),
        IObjectCreationOperation creation => creation.Arguments.SelectMany(argument => argument.GetPassedValues()).Select(ThroughStoringLocal),
        IEventAssignmentOperation assignment => new[] { ThroughStoringLocal(assignment.HandlerValue) },
        _ => throw new ArgumentException($"Not a sink operation: {sink.Kind}", nameof(sink)),
    };

    /// <summary>How messages name a sink: <c>Task.Run</c>, <c>new Thread</c>, <c>Timer.Elapsed</c>.</summary>
    public static string Describe(IOperation sink) => sink switch
    {
        IInvocationOperation invocation => $"{invocation.TargetMethod.ContainingType?.Name}.{invocation.TargetMethod.Name}",
        IObjectCreationOperation creation => $"new {creation.Constructor?.ContainingType.Name}",
        IEventAssignmentOperation { EventReference: IEventReferenceOperation reference } => $"{reference.Event.ContainingType.Name}.{reference.Event.Name}",
        _ => throw new ArgumentException($"Not a sink operation: {sink.Kind}", nameof(sink)),
    };

    private bool IsHandedToSink(IOperation value) => IsSink(value.GetPassingArgument()?.Parent ?? value.GetConsumer());

    // Only one hop and only a delegate created right there: following chains of locals would cost more than it finds.
    private static IOperation ThroughStoringLocal(IOperation value) =>
        value.WalkDownConversions() is ILocalReferenceOperation { Local.Type.TypeKind: TypeKind.Delegate } local
        && local.GetSoleAssignedValue() is { } stored
        && stored.WalkDownConversions() is IDelegateCreationOperation
            ? stored
            : value;

    // ContinueWith/StartNew given TaskScheduler.FromCurrentSynchronizationContext() run on the calling (UI) thread:
    // the call itself, or a local only ever holding its result (var ui = TaskScheduler.FromCurrent...(); ... ui).
    private bool IsGivenCurrentSynchronizationContextScheduler(ImmutableArray<IArgumentOperation> arguments)
    {
        if (_fromCurrentSynchronizationContext is null)
        {
            return false;
        }

        foreach (var argument in arguments)
        {
            var scheduler = argument.Value.WalkDownConversions();
            if (scheduler is ILocalReferenceOperation local && local.GetSoleAssignedValue() is { } stored)
            {
                scheduler = stored.WalkDownConversions();
            }

            if (scheduler is IInvocationOperation call
                && _fromCurrentSynchronizationContext.Equals(call.TargetMethod, SymbolEqualityComparer.Default))
            {
                return true;
            }
        }

        return false;
    }

    private void AddMethods(INamedTypeSymbol? type, HashSet<string>? names)
    {
        if (type is not null)
        {
            _methodNamesByType[type] = names;
        }
    }

    private void AddConstructor(INamedTypeSymbol? type)
    {
        if (type is not null)
        {
            _constructedTypes.Add(type);
        }
    }
}
