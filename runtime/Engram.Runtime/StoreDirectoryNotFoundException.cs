using System.IO;

namespace EngramDb;

/// <summary>
/// Thrown when the directory of an open file-based store no longer exists (it was deleted or moved while handles were
/// open). Nothing is re-created: opening the store again with <see cref="Database.FileBased(string)"/> creates a new,
/// empty one.
/// </summary>
public sealed class StoreDirectoryNotFoundException : DirectoryNotFoundException
{
    internal StoreDirectoryNotFoundException(string storePath, string operation)
        : base($"The EngramDB store directory '{storePath}' no longer exists (deleted or moved while open), so {operation} failed; " +
               "it is not re-created behind your back. Open the store again with Database.FileBased to start a new one.")
    {
        StorePath = storePath;
    }

    /// <summary>The full path of the missing store directory.</summary>
    public string StorePath { get; }
}
