using System;
using System.Runtime.CompilerServices;

namespace EngramDb.Threading;

/// <summary>
/// Remembers the thread that created a handle and checks that later calls come from that same thread.
/// </summary>
/// <remarks>
/// The check is one comparison with <see cref="Environment.CurrentManagedThreadId"/>; the throwing path
/// lives in a separate method so the check stays small enough to inline.
/// </remarks>
public sealed class ThreadAffinity
{
    private readonly int _ownerThreadId;
    private readonly Type _handleType;

    /// <summary>Captures the calling thread as the owner of a handle of type <paramref name="handleType"/>.</summary>
    public ThreadAffinity(Type handleType)
    {
        _handleType = handleType ?? throw new ArgumentNullException(nameof(handleType));
        _ownerThreadId = Environment.CurrentManagedThreadId;
    }

    /// <summary>The managed thread id of the thread that created the handle.</summary>
    public int OwnerThreadId => _ownerThreadId;

    /// <summary>The type of the guarded handle, used in error messages.</summary>
    public Type HandleType => _handleType;

    /// <summary>Returns <see langword="true"/> when the calling thread is the owner thread.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool CheckAccess() => Environment.CurrentManagedThreadId == _ownerThreadId;

    /// <summary>Throws <see cref="CrossThreadAccessException"/> unless the calling thread is the owner thread.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void VerifyAccess()
    {
        if (Environment.CurrentManagedThreadId != _ownerThreadId)
        {
            ThrowCrossThreadAccess();
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowCrossThreadAccess() =>
        throw new CrossThreadAccessException(_handleType, _ownerThreadId, Environment.CurrentManagedThreadId);
}
