namespace Engram.Analyzers.Scopes;

/// <summary>The kinds of thread-affine locks and scopes ENG005 knows: each must be released on the thread that took it.</summary>
internal enum LockKind
{
    Mutex,
    Monitor,
    Lock,
    ReaderWriterLockSlim,
    ReaderWriterLock,
    SpinLock,
    PythonGil,
    PythonThreadState,
    Scope,
}

/// <summary>How diagnostics describe each kind, and what to do instead of holding it across an await.</summary>
internal static class LockKindText
{
    public static string Describe(LockKind kind, string? mode, string? scopeType) => kind switch
    {
        LockKind.Mutex => "Mutex",
        LockKind.Monitor => "Monitor lock",
        LockKind.Lock => "Lock",
        LockKind.ReaderWriterLockSlim => $"ReaderWriterLockSlim {mode} lock",
        LockKind.ReaderWriterLock => $"ReaderWriterLock {mode} lock",
        LockKind.SpinLock => "SpinLock",
        LockKind.PythonGil => "Python GIL state",
        LockKind.PythonThreadState => "Python thread state",
        _ => $"Thread-affine scope {scopeType}",
    };

    public static string Advise(LockKind kind) => kind switch
    {
        LockKind.Mutex =>
            "ReleaseMutex throws on a thread that does not own the mutex; release it before the await, or guard the section with a SemaphoreSlim (await WaitAsync(), Release() in a finally)",
        LockKind.Monitor =>
            "Monitor.Exit throws SynchronizationLockException on a thread that does not own the lock; release it before the await, or guard the section with a SemaphoreSlim (await WaitAsync(), Release() in a finally)",
        LockKind.Lock =>
            "Lock.Exit throws SynchronizationLockException on a thread that does not own the lock; release it before the await, or guard the section with a SemaphoreSlim (await WaitAsync(), Release() in a finally)",
        LockKind.ReaderWriterLockSlim =>
            "Exit*Lock throws SynchronizationLockException on a thread that does not hold the lock; release it before the await, or use a lock any thread may release (SemaphoreSlim)",
        LockKind.ReaderWriterLock =>
            "Release*Lock throws ApplicationException on a thread that does not hold the lock; release it before the await, or use a lock any thread may release (SemaphoreSlim)",
        LockKind.SpinLock =>
            "with owner tracking, Exit throws SynchronizationLockException on another thread; release it before the await",
        LockKind.PythonGil =>
            "releasing the GIL on another thread corrupts the Python interpreter; end the Py.GIL() scope before the await and take the GIL again after it",
        LockKind.PythonThreadState =>
            "EndAllowThreads restores the Python thread state on the wrong thread; call it before the await",
        _ => "the scope must be disposed on the thread that created it; end it before the await and open a new one after it",
    };
}
