using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using Engram.Analyzers.Affinity;
using Engram.Analyzers.AwaitCrossing;
using Engram.Analyzers.Extensions;
using Engram.Analyzers.Symbols;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Engram.Analyzers.Scopes;

/// <summary>
/// The thread-affine locks and scopes of one compilation and the calls that acquire and release them. Built once per
/// compilation; <see langword="null"/> from <see cref="TryCreate"/> when none of their types exists, so ENG005 then
/// registers nothing. Independent of thread-affine types: locks exist in every program.
/// </summary>
/// <remarks>
/// Known acquisitions and releases: <c>Mutex</c> <c>WaitOne</c> (also through <c>WaitHandle.WaitAll</c> /
/// <c>WaitAny</c> over mutexes, and <c>new Mutex(true, ...)</c>) and <c>ReleaseMutex</c>; <c>Monitor.Enter</c> /
/// <c>TryEnter</c> and <c>Exit</c>; <c>ReaderWriterLockSlim</c> <c>Enter*Lock</c> / <c>TryEnter*Lock</c> and
/// <c>Exit*Lock</c>, per mode; <c>ReaderWriterLock</c> <c>Acquire*Lock</c> / <c>UpgradeToWriterLock</c> and
/// <c>Release*Lock</c> / <c>DowngradeFromWriterLock</c> / <c>ReleaseLock</c>; <c>SpinLock</c> <c>Enter</c> /
/// <c>TryEnter</c> and <c>Exit</c> when it may track its owner (<see cref="SpinLockOwnerTracking"/>); pythonnet's
/// <c>PythonEngine.BeginAllowThreads</c> and <c>EndAllowThreads</c>; and any value of a <see cref="ScopeTypes">scope
/// type</see> created by a call or <c>new</c>, released by <c>Dispose</c> / <c>DisposeAsync</c>.
/// <c>SemaphoreSlim</c> is not among them: any thread may release it.
/// </remarks>
internal sealed class LockCatalog
{
    private readonly INamedTypeSymbol? _mutex;
    private readonly INamedTypeSymbol? _waitHandle;
    private readonly INamedTypeSymbol? _monitor;
    private readonly INamedTypeSymbol? _lock;
    private readonly INamedTypeSymbol? _readerWriterLockSlim;
    private readonly INamedTypeSymbol? _readerWriterLock;
    private readonly INamedTypeSymbol? _spinLock;
    private readonly INamedTypeSymbol? _pythonEngine;
    private readonly SpinLockOwnerTracking _spinLockTracking = new();

    private LockCatalog(Compilation compilation, ScopeTypes scopes, AwaitResumption resumption)
    {
        _mutex = compilation.GetBestTypeByMetadataName(MetadataNames.Mutex);
        _waitHandle = compilation.GetBestTypeByMetadataName(MetadataNames.WaitHandle);
        _monitor = compilation.GetBestTypeByMetadataName(MetadataNames.Monitor);
        _lock = compilation.GetBestTypeByMetadataName(MetadataNames.Lock);
        _readerWriterLockSlim = compilation.GetBestTypeByMetadataName(MetadataNames.ReaderWriterLockSlim);
        _readerWriterLock = compilation.GetBestTypeByMetadataName(MetadataNames.ReaderWriterLock);
        _spinLock = compilation.GetBestTypeByMetadataName(MetadataNames.SpinLock);
        _pythonEngine = compilation.GetBestTypeByMetadataName(MetadataNames.PythonEngine);
        Scopes = scopes;
        Resumption = resumption;
    }

    public ScopeTypes Scopes { get; }

    public AwaitResumption Resumption { get; }

    private bool AnyLockTypeExists =>
        _mutex is not null || _monitor is not null || _lock is not null || _readerWriterLockSlim is not null || _readerWriterLock is not null
        || _spinLock is not null || _pythonEngine is not null;

    public static LockCatalog? TryCreate(Compilation compilation, AnalyzerOptions options, CancellationToken cancellationToken)
    {
        var configured = ConfiguredTypes.Read(compilation, options.AnalyzerConfigOptionsProvider, ConfiguredTypes.ThreadAffineScopeKey);
        var scopes = ScopeTypes.Resolve(compilation, configured, cancellationToken);
        var resumption = new AwaitResumption(new WellKnownThreadingTypes(compilation), options.AnalyzerConfigOptionsProvider);
        var catalog = new LockCatalog(compilation, scopes, resumption);
        return catalog.AnyLockTypeExists || scopes.Exist ? catalog : null;
    }

    /// <summary>Adds to <paramref name="events"/> what <paramref name="operation"/> acquires or releases, if anything.</summary>
    [MethodImpl(HotPath.Optimized)]
    public void AddEvents(IOperation operation, List<LockEvent> events)
    {
        switch (operation)
        {
            case IInvocationOperation invocation:
                AddInvocationEvents(invocation, events);
                break;
            case IObjectCreationOperation creation:
                AddCreationEvents(creation, events);
                break;
        }
    }

    [MethodImpl(HotPath.Optimized)]
    private void AddInvocationEvents(IInvocationOperation invocation, List<LockEvent> events)
    {
        var method = invocation.TargetMethod;
        var type = method.ContainingType?.OriginalDefinition;
        var instance = invocation.Instance?.WalkDownConversions();
        if (type is null)
        {
            return;
        }

        if (IsType(type, _waitHandle))
        {
            AddWaitEvents(invocation, instance, events);
        }
        else if (IsType(type, _mutex) && method.Name == "ReleaseMutex" && instance is not null)
        {
            events.Add(LockEvent.Release(LockKind.Mutex, instance));
        }
        else if (IsType(type, _monitor))
        {
            AddMonitorEvents(invocation, events);
        }
        else if (IsType(type, _lock) && instance is not null)
        {
            AddLockEvents(invocation, instance, events);
        }
        else if (IsType(type, _readerWriterLockSlim) && instance is not null)
        {
            AddReaderWriterLockSlimEvents(invocation, instance, events);
        }
        else if (IsType(type, _readerWriterLock) && instance is not null)
        {
            AddReaderWriterLockEvents(method.Name, instance, events);
        }
        else if (IsType(type, _spinLock) && instance is not null)
        {
            AddSpinLockEvents(invocation, instance, events);
        }
        else if (IsType(type, _pythonEngine))
        {
            if (method.Name == "BeginAllowThreads")
            {
                events.Add(LockEvent.Create(LockKind.PythonThreadState, invocation));
            }
            else if (method.Name == "EndAllowThreads" && invocation.Arguments.Length == 1)
            {
                events.Add(LockEvent.Release(LockKind.PythonThreadState, invocation.Arguments[0].Value.WalkDownConversions()));
            }
        }

        if (invocation.IsDisposeCall())
        {
            if (instance is not null && Scopes.IsScope(instance.Type))
            {
                events.Add(LockEvent.Release(ScopeKind(instance.Type!), instance));
            }
        }
        else if (Scopes.IsScope(invocation.Type))
        {
            events.Add(LockEvent.Create(ScopeKind(invocation.Type!), invocation, scopeType: invocation.Type!.ToMessageString()));
        }
    }

    private void AddCreationEvents(IObjectCreationOperation creation, List<LockEvent> events)
    {
        if (IsType(creation.Type?.OriginalDefinition, _mutex)
            && creation.Constructor is { Parameters.Length: > 0 } constructor
            && constructor.Parameters[0].Type.SpecialType == SpecialType.System_Boolean
            && ArgumentFor(creation.Arguments, 0)?.ConstantValue is { HasValue: true, Value: true })
        {
            // new Mutex(initiallyOwned: true, name, out createdNew): owned only when createdNew says so.
            var createdNew = ArgumentOfRefKind(creation.Arguments, RefKind.Out);
            events.Add(LockEvent.Create(LockKind.Mutex, creation, createdNew is null ? AcquisitionGuard.None : AcquisitionGuard.Argument, createdNew));
        }
        else if (Scopes.IsScope(creation.Type))
        {
            events.Add(LockEvent.Create(ScopeKind(creation.Type!), creation, scopeType: creation.Type!.ToMessageString()));
        }
    }

    private void AddWaitEvents(IInvocationOperation invocation, IOperation? instance, List<LockEvent> events)
    {
        var method = invocation.TargetMethod;
        var timed = method.ReturnType.SpecialType == SpecialType.System_Boolean && method.Parameters.Length > (method.IsStatic ? 1 : 0);
        var guard = timed ? AcquisitionGuard.Result : AcquisitionGuard.None;
        switch (method.Name)
        {
            case "WaitOne" when instance is not null && IsMutex(instance.Type):
                events.Add(LockEvent.Acquire(LockKind.Mutex, instance, guard: guard));
                break;
            case "WaitAll" or "WaitAny" when method.IsStatic && ArgumentFor(invocation.Arguments, 0) is { } handles:
                // WaitAny takes one of them: each may be held afterwards.
                foreach (var handle in ArrayElements(handles))
                {
                    if (IsMutex(handle.Type))
                    {
                        events.Add(LockEvent.Acquire(LockKind.Mutex, handle, guard: method.Name == "WaitAll" ? guard : AcquisitionGuard.None));
                    }
                }

                break;
        }
    }

    private static void AddMonitorEvents(IInvocationOperation invocation, List<LockEvent> events)
    {
        if (ArgumentFor(invocation.Arguments, 0) is not { } lockObject)
        {
            return;
        }

        switch (invocation.TargetMethod.Name)
        {
            case "Enter" or "TryEnter":
                events.Add(AcquireWithGuard(LockKind.Monitor, lockObject, mode: null, invocation));
                break;
            case "Exit":
                events.Add(LockEvent.Release(LockKind.Monitor, lockObject));
                break;
        }
    }

    /// <summary><c>System.Threading.Lock</c> (.NET 9); its <c>EnterScope()</c> is a ref struct, which cannot live across an await.</summary>
    private static void AddLockEvents(IInvocationOperation invocation, IOperation instance, List<LockEvent> events)
    {
        switch (invocation.TargetMethod.Name)
        {
            case "Enter" or "TryEnter":
                events.Add(AcquireWithGuard(LockKind.Lock, instance, mode: null, invocation));
                break;
            case "Exit":
                events.Add(LockEvent.Release(LockKind.Lock, instance));
                break;
        }
    }

    private static void AddReaderWriterLockSlimEvents(IInvocationOperation invocation, IOperation instance, List<LockEvent> events)
    {
        var name = invocation.TargetMethod.Name;
        var mode = name.Contains("UpgradeableRead") ? "upgradeable read" : name.Contains("Read") ? "read" : name.Contains("Write") ? "write" : null;
        if (mode is null || !name.EndsWith("Lock", System.StringComparison.Ordinal))
        {
            return;
        }

        if (name.StartsWith("Enter", System.StringComparison.Ordinal) || name.StartsWith("TryEnter", System.StringComparison.Ordinal))
        {
            events.Add(AcquireWithGuard(LockKind.ReaderWriterLockSlim, instance, mode, invocation));
        }
        else if (name.StartsWith("Exit", System.StringComparison.Ordinal))
        {
            events.Add(LockEvent.Release(LockKind.ReaderWriterLockSlim, instance, mode));
        }
    }

    private static void AddReaderWriterLockEvents(string name, IOperation instance, List<LockEvent> events)
    {
        const string Reader = "reader";
        const string Writer = "writer";
        switch (name)
        {
            case "AcquireReaderLock":
                events.Add(LockEvent.Acquire(LockKind.ReaderWriterLock, instance, Reader));
                break;
            case "AcquireWriterLock" or "UpgradeToWriterLock":
                events.Add(LockEvent.Acquire(LockKind.ReaderWriterLock, instance, Writer));
                break;
            case "ReleaseReaderLock":
                events.Add(LockEvent.Release(LockKind.ReaderWriterLock, instance, Reader));
                break;
            case "ReleaseWriterLock" or "DowngradeFromWriterLock":
                events.Add(LockEvent.Release(LockKind.ReaderWriterLock, instance, Writer));
                break;
            case "ReleaseLock":
                events.Add(LockEvent.Release(LockKind.ReaderWriterLock, instance, Reader));
                events.Add(LockEvent.Release(LockKind.ReaderWriterLock, instance, Writer));
                break;
        }
    }

    private void AddSpinLockEvents(IInvocationOperation invocation, IOperation instance, List<LockEvent> events)
    {
        switch (invocation.TargetMethod.Name)
        {
            case "Enter" or "TryEnter" when _spinLockTracking.MayTrackOwner(instance):
                events.Add(AcquireWithGuard(LockKind.SpinLock, instance, mode: null, invocation));
                break;
            case "Exit":
                events.Add(LockEvent.Release(LockKind.SpinLock, instance));
                break;
        }
    }

    /// <summary>An acquisition guarded by its <c>ref bool</c> argument when it has one, else by its bool result when it returns one.</summary>
    private static LockEvent AcquireWithGuard(LockKind kind, IOperation lockObject, string? mode, IInvocationOperation invocation)
    {
        if (ArgumentOfRefKind(invocation.Arguments, RefKind.Ref) is { } lockTaken)
        {
            return LockEvent.Acquire(kind, lockObject, mode, AcquisitionGuard.Argument, lockTaken);
        }

        var guard = invocation.TargetMethod.ReturnType.SpecialType == SpecialType.System_Boolean ? AcquisitionGuard.Result : AcquisitionGuard.None;
        return LockEvent.Acquire(kind, lockObject, mode, guard);
    }

    private LockKind ScopeKind(ITypeSymbol type) =>
        type.OriginalDefinition.Equals(Scopes.PythonGilState, SymbolEqualityComparer.Default) ? LockKind.PythonGil : LockKind.Scope;

    private bool IsMutex(ITypeSymbol? type)
    {
        for (var current = type as INamedTypeSymbol; current is not null; current = current.BaseType)
        {
            if (IsType(current.OriginalDefinition, _mutex))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsType(ITypeSymbol? type, INamedTypeSymbol? expected) =>
        expected is not null && ReferenceEquals(type, expected);

    private static IOperation? ArgumentFor(IEnumerable<IArgumentOperation> arguments, int ordinal)
    {
        foreach (var argument in arguments)
        {
            if (argument.Parameter?.Ordinal == ordinal)
            {
                return argument.Value.WalkDownConversions();
            }
        }

        return null;
    }

    private static IOperation? ArgumentOfRefKind(IEnumerable<IArgumentOperation> arguments, RefKind refKind)
    {
        foreach (var argument in arguments)
        {
            if (argument.Parameter is { RefKind: var kind, Type.SpecialType: SpecialType.System_Boolean } && kind == refKind)
            {
                return argument.Value is IDeclarationExpressionOperation declaration ? declaration.Expression : argument.Value;
            }
        }

        return null;
    }

    /// <summary>The elements of an array built at the call (<c>WaitHandle.WaitAll(new[] { first, second })</c>).</summary>
    private static IEnumerable<IOperation> ArrayElements(IOperation array)
    {
        if (array is IArrayCreationOperation { Initializer: { } initializer })
        {
            foreach (var element in initializer.ElementValues)
            {
                yield return element.WalkDownConversions();
            }
        }
    }
}
