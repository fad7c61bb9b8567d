using Microsoft.CodeAnalysis;

namespace Engram.Analyzers.Scopes;

/// <summary>How an acquisition tells whether it took the lock.</summary>
internal enum AcquisitionGuard
{
    /// <summary>It always does (or throws).</summary>
    None,

    /// <summary>It returns <see langword="true"/> when it did (<c>TryEnter</c>, <c>WaitOne(timeout)</c>).</summary>
    Result,

    /// <summary>It sets a <c>ref</c> or <c>out</c> bool argument (<c>lockTaken</c>, <c>createdNew</c>).</summary>
    Argument,
}

/// <summary>One acquisition or release of a thread-affine lock or scope, as an operation of the code performs it.</summary>
internal readonly struct LockEvent
{
    private LockEvent(bool isAcquisition, LockKind kind, IOperation target, bool targetIsHolder, string? mode, AcquisitionGuard guard, IOperation? guardArgument, string? scopeType)
    {
        IsAcquisition = isAcquisition;
        Kind = kind;
        Target = target;
        TargetIsHolder = targetIsHolder;
        Mode = mode;
        Guard = guard;
        GuardArgument = guardArgument;
        ScopeType = scopeType;
    }

    public bool IsAcquisition { get; }

    public LockKind Kind { get; }

    /// <summary>
    /// The lock object (a receiver or an argument), or, when <see cref="TargetIsHolder"/>, the operation producing the
    /// new lock or scope, whose holder is the variable or capture it is stored in.
    /// </summary>
    public IOperation Target { get; }

    public bool TargetIsHolder { get; }

    /// <summary>The lock mode of reader/writer locks (<c>read</c>, <c>write</c>, ...), part of the lock's identity.</summary>
    public string? Mode { get; }

    public AcquisitionGuard Guard { get; }

    /// <summary>The <c>ref</c> / <c>out</c> bool argument of an <see cref="AcquisitionGuard.Argument"/> guard.</summary>
    public IOperation? GuardArgument { get; }

    /// <summary>The type of a user-declared or pythonnet scope, as messages name it.</summary>
    public string? ScopeType { get; }

    public static LockEvent Acquire(LockKind kind, IOperation lockObject, string? mode = null, AcquisitionGuard guard = AcquisitionGuard.None, IOperation? guardArgument = null) =>
        new(isAcquisition: true, kind, lockObject, targetIsHolder: false, mode, guard, guardArgument, scopeType: null);

    /// <summary>An acquisition whose result is the lock or scope: <c>Py.GIL()</c>, <c>new Mutex(true)</c>, a scope's factory.</summary>
    public static LockEvent Create(LockKind kind, IOperation creation, AcquisitionGuard guard = AcquisitionGuard.None, IOperation? guardArgument = null, string? scopeType = null) =>
        new(isAcquisition: true, kind, creation, targetIsHolder: true, mode: null, guard, guardArgument, scopeType);

    public static LockEvent Release(LockKind kind, IOperation lockObject, string? mode = null) =>
        new(isAcquisition: false, kind, lockObject, targetIsHolder: false, mode, AcquisitionGuard.None, guardArgument: null, scopeType: null);
}
