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
    public CrossThreadAccessException(Type handleType, int ownerThreadId, int callerThreadId)
        : base(FormatMessage(handleType, ownerThreadId, callerThreadId))
    {
        HandleTypeName = handleType.FullName ?? handleType.Name;
        OwnerThreadId = ownerThreadId;
        CallerThreadId = callerThreadId;
    }

    /// <summary>Full name of the handle's type, for example <c>EngramDb.Database</c>.</summary>
    public string HandleTypeName { get; }

    /// <summary>Managed thread id of the thread that created the handle.</summary>
    public int OwnerThreadId { get; }

    /// <summary>Managed thread id of the thread that tried to use it.</summary>
    public int CallerThreadId { get; }

    private static string FormatMessage(Type handleType, int ownerThreadId, int callerThreadId) =>
        $"{handleType.FullName ?? handleType.Name} is unsendable, but sent to another thread! " +
        $"owner: ThreadId({ownerThreadId}) caller: ThreadId({callerThreadId}). " +
        "Use each handle only on the thread that created it; for one handle per thread use " +
        "EngramThreadSafe.GetThreadSafeContext(path).Db or PerThread<T>.";
}
