using System;

namespace EngramDb.Threading;

/// <summary>
/// Thrown when a thread-affine handle is used from a thread other than the one that created it.
/// </summary>
/// <remarks>
/// The message mirrors EngramDB's Python binding (<c>Database is unsendable, but sent to another thread!</c>)
/// so that people who know that error recognise this one.
/// </remarks>
public sealed class CrossThreadAccessException : InvalidOperationException
{
    /// <summary>Creates the exception for a handle of <paramref name="handleType"/> owned by <paramref name="ownerThreadId"/>.</summary>
    /// <remarks>Equal ids mean the owner has exited and the runtime gave its managed id to the caller; the message says so.</remarks>
    public CrossThreadAccessException(Type handleType, int ownerThreadId, int callerThreadId)
        : base(FormatMessage(handleType ?? throw new ArgumentNullException(nameof(handleType)), ownerThreadId, callerThreadId))
    {
        HandleTypeName = handleType.FullName ?? handleType.Name;
        OwnerThreadId = ownerThreadId;
        CallerThreadId = callerThreadId;
    }

    /// <summary>Full name of the handle's type, for example <c>EngramDb.Database</c>.</summary>
    public string HandleTypeName { get; }

    /// <summary>Managed thread id of the thread that created the handle.</summary>
    public int OwnerThreadId { get; }

    /// <summary>Managed thread id of the thread that tried to use it; equal to <see cref="OwnerThreadId"/> when the runtime reused the exited owner's id.</summary>
    public int CallerThreadId { get; }

    private static string FormatMessage(Type handleType, int ownerThreadId, int callerThreadId) =>
        $"{handleType.FullName ?? handleType.Name} is unsendable, but sent to another thread! " +
        $"owner: ThreadId({ownerThreadId}) caller: ThreadId({callerThreadId}). " +
        (ownerThreadId == callerThreadId
            ? "The owner thread has exited and this new thread was given its managed id; the handle still belongs to the owner. "
            : string.Empty) +
        "Use each handle only on the thread that created it; for one handle per thread use " +
        "EngramThreadSafe.GetThreadSafeContext(path).Db or PerThread<T>.";
}
