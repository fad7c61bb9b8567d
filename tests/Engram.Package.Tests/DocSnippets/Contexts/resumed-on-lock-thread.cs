// Statements after an await that resumes on the thread that took the mutex `gate` (here an awaiter that switches
// back to it).
internal static class ResumedOnLockThreadContext
{
    internal static async Task RunAsync(Mutex gate, Func<Task> switchToOwnerThreadAsync)
    {
        gate.WaitOne();
        await switchToOwnerThreadAsync();
        // snippet
    }
}
