using System;
using System.IO;
using EngramDb;
using Microsoft.Extensions.Configuration;

namespace ThreadSafeDemo;

/// <summary>
/// The store the demo serves, opened and checked before the server starts: a path it cannot use stops the demo with
/// one line naming the path, instead of a server that answers every request with an error.
/// </summary>
internal static class DemoStore
{
    /// <summary>The command-line option that names the store: <c>--store &lt;path&gt;</c>.</summary>
    public const string PathOption = "store";

    /// <summary>
    /// Opens the store named by <c>--store</c>, else <c>ENGRAMDB_PATH</c>, else the default path, and checks that the
    /// demo can write to it and read its messages.
    /// </summary>
    /// <exception cref="UnusableStoreException">The path is invalid, cannot be created or written, or holds a message that cannot be read.</exception>
    public static ThreadSafeAgentContext Open(IConfiguration configuration)
    {
        var (path, source) = ChosenPath(configuration);
        try
        {
            var context = EngramThreadSafe.GetThreadSafeContext(path, DemoEndpoints.ChatId);
            CheckWritable(context.Db);
            context.GetChatHistory(int.MaxValue);
            return context;
        }
        catch (Exception ex) when (ex is ArgumentException or IOException or UnauthorizedAccessException or InvalidDataException)
        {
            throw new UnusableStoreException(
                $"cannot use the EngramDB store '{path}' ({source}): {ex.Message.ReplaceLineEndings(" ")}", ex);
        }
    }

    private static (string Path, string Source) ChosenPath(IConfiguration configuration)
    {
        if (configuration[PathOption] is { } option)
        {
            return (option, $"from --{PathOption}");
        }

        var fromEnvironment = Environment.GetEnvironmentVariable(EngramThreadSafe.PathEnvironmentVariable);
        return string.IsNullOrEmpty(fromEnvironment)
            ? (EngramThreadSafe.DefaultPath, "the default")
            : (fromEnvironment, $"from {EngramThreadSafe.PathEnvironmentVariable}");
    }

    // Opening a handle creates the directory but writes nothing: a store the demo could open but not write to would
    // fail every request that stores a message. A node saved and deleted again proves the writes work.
    private static void CheckWritable(Database db)
    {
        var probe = db.Save(new MemoryNode(new[] { 1f }));
        db.Delete(probe);
    }
}

/// <summary>The store the demo was given cannot be used; the message names the path and why.</summary>
internal sealed class UnusableStoreException : Exception
{
    public UnusableStoreException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
