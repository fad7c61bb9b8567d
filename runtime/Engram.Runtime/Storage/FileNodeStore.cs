using System;
using System.Collections.Generic;
using System.IO;
using System.Text.RegularExpressions;

namespace EngramDb.Storage;

/// <summary>
/// A store in EngramDB's multi-file layout: <c>&lt;store&gt;/&lt;first two characters of id&gt;/&lt;id&gt;.json</c>.
/// One instance per full path in the process, shared by every <see cref="Database"/> handle on that path.
/// </summary>
/// <remarks>
/// <para>
/// Opening costs the same for any number of nodes: nothing is read until a call needs it. A node is written to a
/// temporary file beside it (<c>&lt;id&gt;.json.&lt;random&gt;.tmp</c>, which neither this store nor EngramDB lists),
/// flushed to disk and renamed over the node file, so a reader or a crash sees the old node or the new one, never a
/// torn file. Temporary files of crashed writers are removed when the index is built and by <see cref="NodeStore.ClearAll"/>.
/// No file stays open between operations, except the change watch's one inotify descriptor for the whole process.
/// </para>
/// <para>
/// Node files are read defensively (<see cref="NodeFiles"/>): anything but a regular file is refused at once, and so is
/// a file above <see cref="FileStoreOptions.MaxNodeFileBytes"/>. Once the store's directory is deleted, every call
/// throws <see cref="StoreDirectoryNotFoundException"/>; nothing re-creates it but opening the store again.
/// </para>
/// </remarks>
internal sealed class FileNodeStore : NodeStore
{
    private static readonly Dictionary<string, FileNodeStore> s_openStores = new(StoreDirectory.PathComparer);
    private static readonly Regex s_temporaryFileName = new(@"^(?<id>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.json\.[0-9a-f]{32}\.tmp$", RegexOptions.CultureInvariant);

    private readonly string _root;
    private readonly StripedFileLock _locks;
    private int _handleCount;

    private FileNodeStore(string root, FileStoreOptions options)
    {
        _root = root;
        Options = options;
        _locks = new StripedFileLock(root, options.LockTimeout, RequireAvailable);
    }

    public override string? Path => _root;

    public FileStoreOptions Options { get; }

    /// <summary>
    /// The store for <paramref name="path"/>, created (with its directory) or shared; call <see cref="Release"/> once
    /// when done. <paramref name="options"/> null means the options of the store if open, else the defaults.
    /// </summary>
    /// <exception cref="InvalidOperationException">The store is open in this process with other options.</exception>
    public static FileNodeStore Open(string path, FileStoreOptions? options = null)
    {
        var requested = options?.Validated();
        var root = StoreDirectory.Prepare(path);
        lock (s_openStores)
        {
            if (!s_openStores.TryGetValue(root, out var store))
            {
                store = new FileNodeStore(root, requested ?? new FileStoreOptions());
                s_openStores.Add(root, store);
            }
            else if (requested is not null && !requested.SameAs(store.Options))
            {
                throw new InvalidOperationException(
                    $"The EngramDB store at '{root}' is already open in this process with other options ({store.Options}); " +
                    $"every handle on a directory shares them, so it cannot be opened with {requested}.");
            }

            store._handleCount++;
            return store;
        }
    }

    /// <summary>Whether <paramref name="name"/> is a node file name in folder <paramref name="prefix"/>: <c>&lt;lowercase id&gt;.json</c>.</summary>
    public static bool TryParseNodeFileName(string name, string prefix, out Guid id)
    {
        id = Guid.Empty;
        const string extension = ".json";
        if (!name.EndsWith(extension, StringComparison.Ordinal))
        {
            return false;
        }

        var stem = name.Substring(0, name.Length - extension.Length);
        return Guid.TryParseExact(stem, "D", out id) && stem == id.ToString() && stem.StartsWith(prefix, StringComparison.Ordinal);
    }

    public static bool IsIdPrefix(string folderName) =>
        folderName.Length == 2 && IsLowerHexDigit(folderName[0]) && IsLowerHexDigit(folderName[1]);

    public override void Release()
    {
        lock (s_openStores)
        {
            if (--_handleCount == 0)
            {
                s_openStores.Remove(_root);
                DisposeIndex();
            }
        }
    }

    /// <summary>Ids from file names only (no file is read), so a corrupt node file does not stop the listing.</summary>
    public override IReadOnlyList<Guid> ListAll()
    {
        var ids = new List<Guid>();
        foreach (var folder in NodeFolders())
        {
            ids.AddRange(ListFolder(folder));
        }

        ids.Sort();
        return ids;
    }

    public override IReadOnlyList<Guid> ListFolder(string prefix)
    {
        var ids = new List<Guid>();
        try
        {
            foreach (var file in Directory.EnumerateFiles(System.IO.Path.Combine(_root, prefix), "*.json"))
            {
                if (TryParseNodeFileName(System.IO.Path.GetFileName(file), prefix, out var id))
                {
                    ids.Add(id);
                }
            }
        }
        catch (DirectoryNotFoundException)
        {
            RequireAvailable("listing the nodes");
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new IOException($"Cannot list the EngramDB store at '{_root}': {ex.Message}", ex);
        }

        return ids;
    }

    public override FileVersion? VersionOf(Guid id) => NodeFiles.Stat(NodeFile(id), out _);

    public override string DescribeLocation(Guid id) => $"file '{NodeFile(id)}'";

    public override void RequireAvailable(string operation)
    {
        if (!Directory.Exists(_root))
        {
            throw new StoreDirectoryNotFoundException(_root, operation);
        }
    }

    public override IStoreWatch? WatchForChanges(StoreChanges changes) =>
        Options.WatchForChanges ? InotifyStoreWatch.Start(_root, NodeFolders(), changes) : null;

    /// <summary>Deletes temporary files whose writer is gone: writers hold the node's lock from creating the file to renaming it.</summary>
    public override int ReclaimTemporaryFiles()
    {
        var removed = 0;
        foreach (var folder in NodeFolders())
        {
            foreach (var file in SafeEnumerate(System.IO.Path.Combine(_root, folder), "*.tmp"))
            {
                var match = s_temporaryFileName.Match(System.IO.Path.GetFileName(file));
                if (!match.Success || !Guid.TryParseExact(match.Groups["id"].Value, "D", out var id))
                {
                    continue;
                }

                using var held = _locks.TryAcquireNow(id);
                if (held is not null && File.Exists(file))
                {
                    File.Delete(file);
                    removed++;
                }
            }
        }

        return removed;
    }

    public override void Report(UnreadableNode node)
    {
        if (Options.UnreadableNodeFound is { } report)
        {
            report(node);
        }
        else
        {
            base.Report(node);
        }
    }

    protected override (byte[] Json, FileVersion Version)? ReadNode(Guid id)
    {
        var bytes = NodeFiles.Read(NodeFile(id), Options.MaxNodeFileBytes, out var version);
        if (bytes is null)
        {
            RequireAvailable($"reading node {id}");
            return null;
        }

        return (bytes, version);
    }

    protected override void WriteNode(Guid id, byte[] utf8Json)
    {
        var file = NodeFile(id);
        var folder = System.IO.Path.GetDirectoryName(file)!;
        var temporary = $"{file}.{Guid.NewGuid():N}.tmp";
        var temporaryCreated = false;
        try
        {
            RequireAvailable($"writing node {id}");
            Directory.CreateDirectory(folder);
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                temporaryCreated = true;
                stream.Write(utf8Json, 0, utf8Json.Length);
                stream.Flush(flushToDisk: true);
            }

            ReplaceWith(temporary, file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException && ex is not StoreDirectoryNotFoundException)
        {
            var message = $"Cannot write EngramDB node {id} to the store at '{_root}': {ex.Message}";
            if (temporaryCreated)
            {
                RemoveTemporary(temporary, message, ex);
            }

            throw new IOException(message, ex);
        }
    }

    protected override bool DeleteNode(Guid id)
    {
        var file = NodeFile(id);
        if (!File.Exists(file))
        {
            RequireAvailable($"deleting node {id}");
            return false;
        }

        try
        {
            File.Delete(file);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"Cannot delete EngramDB node {id} ('{file}'): {ex.Message}", ex);
        }
    }

    protected override bool Contains(Guid id) => File.Exists(NodeFile(id));

    protected override IDisposable LockNode(Guid id) => _locks.Acquire(id);

    private string NodeFile(Guid id)
    {
        var name = id.ToString();
        return System.IO.Path.Combine(_root, name.Substring(0, 2), name + ".json");
    }

    private List<string> NodeFolders()
    {
        var folders = new List<string>();
        foreach (var folder in SafeEnumerateDirectories())
        {
            var prefix = System.IO.Path.GetFileName(folder);
            if (IsIdPrefix(prefix))
            {
                folders.Add(prefix);
            }
        }

        return folders;
    }

    private IEnumerable<string> SafeEnumerateDirectories()
    {
        try
        {
            return Directory.GetDirectories(_root);
        }
        catch (DirectoryNotFoundException)
        {
            throw new StoreDirectoryNotFoundException(_root, "listing the nodes");
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new IOException($"Cannot list the EngramDB store at '{_root}': {ex.Message}", ex);
        }
    }

    private static IEnumerable<string> SafeEnumerate(string folder, string pattern)
    {
        try
        {
            return Directory.GetFiles(folder, pattern);
        }
        catch (DirectoryNotFoundException)
        {
            return Array.Empty<string>();
        }
    }

    private static bool IsLowerHexDigit(char c) => c is >= '0' and <= '9' or >= 'a' and <= 'f';

    private static void ReplaceWith(string temporary, string file)
    {
#if NET8_0_OR_GREATER
        File.Move(temporary, file, overwrite: true);
#else
        // netstandard2.0 has no overwriting Move; Replace renames over an existing file (rename(2) on Unix).
        // Writers of one node hold its lock, so the file cannot appear or vanish between the check and the call.
        if (File.Exists(file))
        {
            File.Replace(temporary, file, destinationBackupFileName: null);
        }
        else
        {
            File.Move(temporary, file);
        }
#endif
    }

    // A failed write must not leave its temporary file behind; if removing it fails too, both errors are reported.
    private static void RemoveTemporary(string temporary, string message, Exception writeFailure)
    {
        try
        {
            File.Delete(temporary);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"{message} Removing the temporary file '{temporary}' failed too: {ex.Message}", new AggregateException(writeFailure, ex));
        }
    }
}
