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
/// <c>TaskFactory.StartNew</c>, <c>Task.ContinueWith</c>, <c>new Task</c>, <c>new Thread</c> and <c>Thread.Start</c>,
/// the thread pool, <c>Parallel.*</c>, PLINQ operators, timers, <c>FileSystemWatcher</c> events,
/// <c>CancellationToken.Register</c>, ASP.NET Core's minimal-API <c>Map*</c> handlers, and the methods of this
/// compilation that pass a delegate parameter on to one of those (<see cref="HelperSinks"/>).
/// </summary>
/// <remarks>
/// This is the place to add a sink. Known sinks are recognised by the containing type of the called member,
/// compared with symbols resolved once, and then by member name; no symbol is formatted or looked up per call.
/// </remarks>
internal sealed class OtherThreadSinks
{
    private static readonly HashSet<string> TaskMethods = new(StringComparer.Ordinal) { "Run", "ContinueWith" };
    private static readonly HashSet<string> TaskFactoryMethods = new(StringComparer.Ordinal) { "StartNew" };
    private static readonly HashSet<string> ThreadMethods = new(StringComparer.Ordinal) { "Start", "UnsafeStart" };
    private static readonly HashSet<string> ThreadPoolMethods = new(StringComparer.Ordinal)
    {
        "QueueUserWorkItem", "UnsafeQueueUserWorkItem", "RegisterWaitForSingleObject", "UnsafeRegisterWaitForSingleObject",
    };

    private static readonly HashSet<string> ParallelMethods = new(StringComparer.Ordinal) { "For", "ForEach", "Invoke", "ForAsync", "ForEachAsync" };
    private static readonly HashSet<string> CancellationTokenMethods = new(StringComparer.Ordinal) { "Register", "UnsafeRegister" };
    private static readonly HashSet<string> FileSystemWatcherEvents = new(StringComparer.Ordinal) { "Changed", "Created", "Deleted", "Renamed", "Error" };
    private static readonly HashSet<string> TimerEvents = new(StringComparer.Ordinal) { "Elapsed" };
    private static readonly HashSet<string> EndpointMethods = new(StringComparer.Ordinal)
    {
        "Map", "MapGet", "MapPost", "MapPut", "MapDelete", "MapPatch", "MapMethods", "MapFallback",
    };

    // A null name set means every method of the type (every PLINQ operator runs its delegates on pool threads).
    // Looked up for every invocation, object creation and event subscription, by the definition of the containing type:
    // a dozen entries, so the lookup stays cheap however large the compilation.
    private readonly Dictionary<INamedTypeSymbol, HashSet<string>?> _methodNamesByType = new(DefinitionIdentityComparer.Instance);
    private readonly Dictionary<INamedTypeSymbol, HashSet<string>> _eventNamesByType = new(DefinitionIdentityComparer.Instance);
    private readonly HashSet<INamedTypeSymbol> _constructedTypes = new(DefinitionIdentityComparer.Instance);
    private readonly INamedTypeSymbol? _taskScheduler;
    private readonly IMethodSymbol? _fromCurrentSynchronizationContext;
    private readonly HelperSinks _helpers;

    public OtherThreadSinks(WellKnownThreadingTypes types, MethodBodies bodies)
    {
        AddMethods(types.Task, TaskMethods);
        AddMethods(types.TaskOfT, TaskMethods);
        AddMethods(types.TaskFactory, TaskFactoryMethods);
        AddMethods(types.TaskFactoryOfT, TaskFactoryMethods);
        AddMethods(types.Thread, ThreadMethods);
        AddMethods(types.ThreadPool, ThreadPoolMethods);
        AddMethods(types.Parallel, ParallelMethods);
        AddMethods(types.ParallelEnumerable, null);
        AddMethods(types.CancellationToken, CancellationTokenMethods);
        AddMethods(types.EndpointRouteBuilderExtensions, EndpointMethods);
        AddConstructor(types.Thread);
        AddConstructor(types.ThreadingTimer);
        AddConstructor(types.Task);
        AddConstructor(types.TaskOfT);
        AddEvents(types.TimersTimer, TimerEvents);
        AddEvents(types.FileSystemWatcher, FileSystemWatcherEvents);
        _taskScheduler = types.TaskScheduler;
        _fromCurrentSynchronizationContext = types.TaskScheduler.GetSingleMember<IMethodSymbol>("FromCurrentSynchronizationContext");
        _helpers = new HelperSinks(this, bodies);
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

    // A helper can only hand over a delegate it is given, so a call passing none is not asked about its method: on a
    // large build, every question about a called method costs more than reading the call's arguments.
    [MethodImpl(HotPath.Optimized)]
    public bool IsSink(IInvocationOperation invocation) =>
        IsKnownSink(invocation.TargetMethod)
            ? !IsGivenCurrentSynchronizationContextScheduler(invocation.Arguments)
            : PassesDelegate(invocation.Arguments) && _helpers.HandsOver(invocation.TargetMethod);

    [MethodImpl(HotPath.Optimized)]
    public bool IsSink(IObjectCreationOperation creation) =>
        creation.Constructor is { } constructor
        && (IsKnownSinkConstructor(constructor) || (PassesDelegate(creation.Arguments) && _helpers.HandsOver(constructor)));

    [MethodImpl(HotPath.Optimized)]
    public bool IsSink(IEventAssignmentOperation assignment) =>
        assignment is { Adds: true, EventReference: IEventReferenceOperation reference }
        && reference.Event.ContainingType is { } containingType
        && _eventNamesByType.TryGetValue(containingType.OriginalDefinition, out var names)
        && names.Contains(reference.Event.Name);

    /// <summary>
    /// True when <paramref name="delegateCreation"/> is handed to a sink: straight, or through a local that holds
    /// only it (<c>Action work = () =&gt; ...; Task.Run(work);</c>).
    /// </summary>
    public bool IsSinkDelegate(IOperation delegateCreation) =>
        IsHandedToSink(delegateCreation)
        || (delegateCreation.GetLocalHoldingOnly() is { } local && delegateCreation.GetRoot().FindReads(local).Any(IsHandedToSink));

    /// <summary>
    /// The values a sink hands over: its arguments (each element of a <c>params</c> array), the event handler, or
    /// for a helper only the arguments of the delegate parameters it passes on. A delegate local that is only ever
    /// assigned its initializer stands for that initializer, so the lambda or method group it stores is what the
    /// sink runs.
    /// </summary>
    public IEnumerable<IOperation> GetHandedOverValues(IOperation sink) => sink switch
    {
        IInvocationOperation invocation => HandedOverArguments(invocation.TargetMethod, invocation.Arguments),
        IObjectCreationOperation { Constructor: { } constructor } creation => HandedOverArguments(constructor, creation.Arguments),
        IEventAssignmentOperation assignment => new[] { ThroughStoringLocal(assignment.HandlerValue) },
        _ => throw new ArgumentException($"Not a sink operation: {sink.Kind}", nameof(sink)),
    };

    /// <summary>How messages name a sink: <c>Task.Run</c>, <c>new Thread</c>, <c>Timer.Elapsed</c>, <c>MapGet</c>, a helper's name.</summary>
    public static string Describe(IOperation sink) => sink switch
    {
        IInvocationOperation { TargetMethod: { IsExtensionMethod: true } or { MethodKind: MethodKind.LocalFunction } or { ContainingType: null } } invocation =>
            invocation.TargetMethod.Name,
        IInvocationOperation invocation => $"{invocation.TargetMethod.ContainingType.Name}.{invocation.TargetMethod.Name}",
        IObjectCreationOperation creation => $"new {creation.Constructor?.ContainingType.Name}",
        IEventAssignmentOperation { EventReference: IEventReferenceOperation reference } => $"{reference.Event.ContainingType.Name}.{reference.Event.Name}",
        _ => throw new ArgumentException($"Not a sink operation: {sink.Kind}", nameof(sink)),
    };

    [MethodImpl(HotPath.Optimized)]
    private bool IsKnownSink(IMethodSymbol method) =>
        method.ContainingType is { } containingType
        && _methodNamesByType.TryGetValue(containingType.OriginalDefinition, out var names)
        && (names is null || names.Contains(method.Name));

    [MethodImpl(HotPath.Optimized)]
    private bool IsKnownSinkConstructor(IMethodSymbol constructor) => _constructedTypes.Contains(constructor.ContainingType.OriginalDefinition);

    [MethodImpl(HotPath.Optimized)]
    private static bool PassesDelegate(ImmutableArray<IArgumentOperation> arguments)
    {
        foreach (var argument in arguments)
        {
            if (argument.Value.Type is { TypeKind: TypeKind.Delegate })
            {
                return true;
            }
        }

        return false;
    }

    private IEnumerable<IOperation> HandedOverArguments(IMethodSymbol method, ImmutableArray<IArgumentOperation> arguments)
    {
        var helperParameters = IsKnownSink(method) || IsKnownSinkConstructor(method) ? null : _helpers.HandedOverParameters(method);
        foreach (var argument in arguments)
        {
            if (helperParameters is not null && (argument.Parameter is null || Array.IndexOf(helperParameters, argument.Parameter.Ordinal) < 0))
            {
                continue;
            }

            foreach (var value in argument.GetPassedValues())
            {
                yield return ThroughStoringLocal(value);
            }
        }
    }

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
            // Only a scheduler parameter is asked: following a local to its value searches the whole member.
            if (argument.Parameter is not { } parameter || !SymbolEqualityComparer.Default.Equals(parameter.Type, _taskScheduler))
            {
                continue;
            }

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

    private void AddEvents(INamedTypeSymbol? type, HashSet<string> names)
    {
        if (type is not null)
        {
            _eventNamesByType[type] = names;
        }
    }
}
