using EngramDb;

// Members of a class whose field `s_uiDb` only the UI thread reads.
internal sealed class UiThreadStaticContext
{
    // snippet

    internal static Database UiDb => s_uiDb ??= Database.FileBased("agent_memory.engramdb");
}
