using EngramDb;

// Statements that have this thread's handle `db` and a scheduler that runs its tasks on this thread.
internal static class OwnerThreadSchedulerContext
{
    internal static void Run(Database db, TaskScheduler ownerThreadScheduler)
    {
        // snippet
    }
}
