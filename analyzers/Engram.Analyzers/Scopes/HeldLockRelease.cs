using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Engram.Analyzers.Scopes;

/// <summary>A release of a thread-affine lock or scope that some path reaches from its acquisition through an await that may resume on another thread.</summary>
internal readonly struct HeldLockRelease
{
    public HeldLockRelease(SyntaxNode reportedAt, LockSlot heldLock, IOperation acquisition, IAwaitOperation crossedAwait)
    {
        ReportedAt = reportedAt;
        Lock = heldLock;
        Acquisition = acquisition;
        CrossedAwait = crossedAwait;
    }

    /// <summary>The release call, or the acquisition when the release is implicit (the end of a <c>using</c>).</summary>
    public SyntaxNode ReportedAt { get; }

    public LockSlot Lock { get; }

    /// <summary>The earliest acquisition, in source order, that some path holds the lock since.</summary>
    public IOperation Acquisition { get; }

    /// <summary>The earliest await, in source order, that some path crosses while holding it.</summary>
    public IAwaitOperation CrossedAwait { get; }
}

/// <summary>One lock or scope the analysis follows: a lock object in one mode, or the variable holding a scope.</summary>
internal sealed class LockSlot
{
    public LockSlot(LockKind kind, string name, string? mode, string? scopeType)
    {
        Kind = kind;
        Name = name;
        Mode = mode;
        ScopeType = scopeType;
    }

    public LockKind Kind { get; }

    /// <summary>The lock or scope as the code writes it (<c>_mutex</c>, <c>gil</c>, <c>Py.GIL()</c>).</summary>
    public string Name { get; }

    public string? Mode { get; }

    public string? ScopeType { get; }
}
