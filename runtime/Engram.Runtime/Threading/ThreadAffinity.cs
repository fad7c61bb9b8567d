using System;
using System.Runtime.CompilerServices;

namespace EngramDb.Threading;

/// <summary>
/// Remembers the thread that created a handle and checks that later calls come from that same thread.
/// </summary>
/// <remarks>
/// <para>
/// The check compares a token unique to the calling thread with the owner's, by reference. Managed thread ids are
/// reused once a thread has exited, so comparing ids would let a new thread that happens to get the dead owner's id
/// use the handle; a token is never shared between two threads.
/// </para>
/// <para>
/// Reading the token is one thread-static read, as <see cref="Environment.CurrentManagedThreadId"/> is; the throwing
/// path lives in a separate method so the check stays small enough to inline.
/// </para>
/// </remarks>
public sealed class ThreadAffinity
{
    private readonly object _owner;
    private readonly int _ownerThreadId;
    private readonly Type _handleType;

    /// <summary>Captures the calling thread as the owner of a handle of type <paramref name="handleType"/>.</summary>
    public ThreadAffinity(Type handleType)
    {
        _handleType = handleType ?? throw new ArgumentNullException(nameof(handleType));
        _owner = ThreadIdentity.Current;
        _ownerThreadId = Environment.CurrentManagedThreadId;
    }

    /// <summary>The managed thread id of the thread that created the handle.</summary>
    /// <remarks>For messages only: after the owner exits, another thread may get the same id, and is still refused.</remarks>
    public int OwnerThreadId => _ownerThreadId;

    /// <summary>The type of the guarded handle, used in error messages.</summary>
    public Type HandleType => _handleType;

    /// <summary>Returns <see langword="true"/> when the calling thread is the owner thread.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool CheckAccess() => ReferenceEquals(ThreadIdentity.Current, _owner);

    /// <summary>Throws <see cref="CrossThreadAccessException"/> unless the calling thread is the owner thread.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void VerifyAccess()
    {
        if (!ReferenceEquals(ThreadIdentity.Current, _owner))
        {
            ThrowCrossThreadAccess();
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowCrossThreadAccess() =>
        throw new CrossThreadAccessException(_handleType, _ownerThreadId, Environment.CurrentManagedThreadId);
}
