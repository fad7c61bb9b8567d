using System;
using System.Collections.Generic;
using System.IO;

namespace EngramDb.Storage;

/// <summary>
/// A store in EngramDB's multi-file layout: <c>&lt;store&gt;/&lt;first two characters of id&gt;/&lt;id&gt;.json</c>.
/// One instance per full path in the process, shared by every <see cref="Database"/> handle on that path.
/// </summary>
/// <remarks>
/// Opening costs the same for any number of nodes: nothing is scanned and nothing is cached, so every read sees
/// the latest write of any handle or process. A node is written to a temporary file beside it
/// (<c>&lt;id&gt;.json.&lt;random&gt;.tmp</c>, which neither this store nor EngramDB lists), flushed to disk and renamed
/// over the node file, so a reader or a crash sees the old node or the new one, never a torn file. No file stays
/// open between operations.
/// </remarks>
internal sealed class FileNodeStore : NodeStore
{
    private static readonly Dictionary<string, FileNodeStore> s_openStores = new(StoreDirectory.PathComparer);

    private readonly string _root;
    private readonly StripedFileLock _locks;
    private int _handleCount;

    private FileNodeStore(string root)
    {
        _root = root;
        _locks = new StripedFileLock(root);
    }

    public override string? Path => _root;

    /// <summary>The store for <paramref name="path"/>, created (with its directory) or shared; call <see cref="Release"/> once when done.</summary>
    public static FileNodeStore Open(string path)
    {
        var root = StoreDirectory.Prepare(path);
        lock (s_openStores)
        {
            if (!s_openStores.TryGetValue(root, out var store))
            {
                store = new FileNodeStore(root);
                s_openStores.Add(root, store);
            }

            store._handleCount++;
            return store;
        }
    }

    public override void Release()
    {
        lock (s_openStores)
        {
            if (--_handleCount == 0)
            {
                s_openStores.Remove(_root);
            }
        }
    }

    /// <summary>Ids from file names only (no file is read), so a corrupt node file does not stop the listing.</summary>
    public override IReadOnlyList<Guid> ListAll()
    {
        var ids = new List<Guid>();
        try
        {
            foreach (var folder in Directory.EnumerateDirectories(_root))
            {
                var prefix = System.IO.Path.GetFileName(folder);
                if (!IsIdPrefix(prefix))
                {
                    continue;
                }

                foreach (var file in Directory.EnumerateFiles(folder, "*.json"))
                {
                    var name = System.IO.Path.GetFileNameWithoutExtension(file);
                    if (Guid.TryParseExact(name, "D", out var id) && name == id.ToString() && name.StartsWith(prefix, StringComparison.Ordinal))
                    {
                        ids.Add(id);
                    }
                }
            }
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new IOException($"Cannot list the EngramDB store at '{_root}': {ex.Message}", ex);
        }

        ids.Sort();
        return ids;
    }

    protected override byte[]? ReadNode(Guid id)
    {
        var file = NodeFile(id);
        try
        {
            // FileShare.Delete lets a writer rename over the file while it is being read (Windows needs the flag).
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var bytes = new MemoryStream();
            stream.CopyTo(bytes);
            return bytes.ToArray();
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new IOException($"Cannot read EngramDB node {id} from '{file}': {ex.Message}", ex);
        }
    }

    protected override void WriteNode(Guid id, byte[] utf8Json)
    {
        var file = NodeFile(id);
        var folder = System.IO.Path.GetDirectoryName(file)!;
        var temporary = $"{file}.{Guid.NewGuid():N}.tmp";
        var temporaryCreated = false;
        try
        {
            Directory.CreateDirectory(folder);
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                temporaryCreated = true;
                stream.Write(utf8Json, 0, utf8Json.Length);
                stream.Flush(flushToDisk: true);
            }

            ReplaceWith(temporary, file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
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

    protected override string DescribeLocation(Guid id) => $"file '{NodeFile(id)}'";

    private string NodeFile(Guid id)
    {
        var name = id.ToString();
        return System.IO.Path.Combine(_root, name.Substring(0, 2), name + ".json");
    }

    private static bool IsIdPrefix(string folderName) =>
        folderName.Length == 2 && IsLowerHexDigit(folderName[0]) && IsLowerHexDigit(folderName[1]);

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
