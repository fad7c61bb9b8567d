using EngramDb;

// Statements after an await that resumes on the owner thread of `db` (here an awaiter that switches back to it),
// with the node `node` to save.
internal static class ResumedOnOwnerThreadContext
{
    internal static async Task RunAsync(Database db, MemoryNode node, Func<Task> switchToOwnerThreadAsync)
    {
        await switchToOwnerThreadAsync();
        // snippet
    }
}
