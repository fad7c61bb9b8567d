using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using EngramDb.Storage;
using EngramDb.Threading;

namespace EngramDb;

/// <summary>
/// A handle on an EngramDB store, usable only on the thread that created it (like EngramDB's Python
/// <c>Database</c>, which is <c>unsendable</c>).
/// </summary>
/// <remarks>
/// <para>
/// Every member but <see cref="Dispose"/> first checks the calling thread and throws
/// <see cref="CrossThreadAccessException"/> on any other. For one handle per thread use
/// <see cref="EngramThreadSafe.GetThreadSafeContext"/> and its <see cref="ThreadSafeAgentContext.Db"/>.
/// </para>
/// <para>
/// Handles are cheap and many may share one directory, in one process or several: every read sees the latest
/// write of any handle, writes are atomic, <see cref="Connect"/>, <see cref="Disconnect"/> and <see cref="Update"/>
/// lose no concurrent update, and <see cref="Save"/> merges or refuses, never overwrites, a concurrent change. A file-based store uses EngramDB's on-disk layout, <c>&lt;path&gt;/&lt;first two characters of
/// id&gt;/&lt;id&gt;.json</c>, and keeps its lock files in <c>&lt;path&gt;/.engram-locks/</c>, where EngramDB does not
/// look for nodes.
/// </para>
/// </remarks>
[ThreadAffine]
public sealed class Database : IDisposable
{
    private readonly ThreadAffinity _affinity = new(typeof(Database));
    private NodeStore? _store;

    private Database(NodeStore store)
    {
        _store = store;
    }

    /// <summary>Creates a handle on a new, private, empty store in memory.</summary>
    public static Database InMemory() => new(new MemoryNodeStore());

    /// <summary>Creates a handle on the file-based store in directory <paramref name="path"/>, creating the directory when missing.</summary>
    /// <remarks>
    /// Opening does not read the store, so it costs the same for any number of nodes. The store's options are those of
    /// the first handle opened on the directory in the process, the defaults when none gave any.
    /// </remarks>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null, empty, whitespace or not a valid path.</exception>
    /// <exception cref="IOException"><paramref name="path"/> is a regular file, or the directory cannot be created; the message names the path.</exception>
    public static Database FileBased(string path) => new(FileNodeStore.Open(path));

    /// <summary>Creates a handle on the file-based store in directory <paramref name="path"/> with the given limits and reporting.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="InvalidOperationException">The directory is already open in this process with other options.</exception>
    public static Database FileBased(string path, FileStoreOptions options) =>
        new(FileNodeStore.Open(path, options ?? throw new ArgumentNullException(nameof(options))));

    /// <summary>The full path of a file-based store's directory; <see langword="null"/> for a store in memory.</summary>
    public string? Path => Store.Path;

    /// <summary>Stores <paramref name="node"/>, replacing any stored node with the same id, and returns its id.</summary>
    /// <remarks>
    /// <para>
    /// A save never silently discards a change made to the stored node since <paramref name="node"/> was loaded (by
    /// another handle, another process or EngramDB): the two are merged part by part (each attribute, each connection
    /// by target and relationship type, every other field), and a part both changed to different values is a conflict
    /// (<see cref="NodeConflictException"/>, nothing saved). After a save <paramref name="node"/> holds what was stored,
    /// merged changes included. A stored file that is corrupt holds no change to keep, and is repaired.
    /// </para>
    /// <para>
    /// The node is written to a temporary file in the node's folder, flushed to disk and renamed over the node file, so
    /// a crash never leaves a torn node. The folder entry itself is not flushed: after a power loss (not a process crash)
    /// the latest saves may be missing. Temporary files left by a crashed writer are never read as nodes, and are removed
    /// when the store's index is built and by <see cref="ClearAll"/>.
    /// </para>
    /// </remarks>
    /// <exception cref="NodeConflictException">The stored node changed where <paramref name="node"/> changed too, or was deleted since it was loaded; the message names the id.</exception>
    /// <exception cref="IOException">The store cannot be written, or a lock wait timed out; the message names the path. Nothing was stored.</exception>
    public Guid Save(MemoryNode node) => Store.Save(node);

    /// <summary>
    /// Loads node <paramref name="id"/>, lets <paramref name="change"/> change it and stores the result, all under the
    /// node's lock, so no other writer of this library (any handle, any process) can change the node in between.
    /// </summary>
    /// <remarks>Nothing is stored when <paramref name="change"/> throws. It may use this handle, but a <see cref="Save"/> of the same node inside it is overwritten by the result.</remarks>
    /// <exception cref="KeyNotFoundException">The store has no such node.</exception>
    /// <exception cref="InvalidDataException">The node's file is corrupt.</exception>
    public void Update(Guid id, Action<MemoryNode> change) => Store.Update(id, change);

    /// <summary>Reads a node. The result is an independent copy: changing it changes nothing until it is saved.</summary>
    /// <exception cref="KeyNotFoundException">The store has no node with this id; the message names it.</exception>
    /// <exception cref="InvalidDataException">The node's file is corrupt (not UTF-8, a lone surrogate escape, not JSON, not a node); the message names the id and the file.</exception>
    /// <exception cref="IOException">The node's file is not a regular file (a FIFO, device or socket) or is above the size bound; it was not read, and the message names it.</exception>
    /// <exception cref="StoreDirectoryNotFoundException">The store's directory was deleted.</exception>
    public MemoryNode Load(Guid id) => Store.Load(id);

    /// <summary>Deletes a node.</summary>
    /// <returns>Whether the store had the node.</returns>
    public bool Delete(Guid id) => Store.Delete(id);

    /// <summary>The ids of all stored nodes, in id order. Reads file names only, so a corrupt node file is still listed.</summary>
    public IReadOnlyList<Guid> ListAll() => Store.ListAll();

    /// <summary>Deletes every node.</summary>
    public void ClearAll() => Store.ClearAll();

    /// <summary>
    /// The nodes whose embeddings are most similar to <paramref name="query"/> by cosine similarity, best first:
    /// at most <paramref name="limit"/> of them, each with a similarity of at least <paramref name="threshold"/>.
    /// </summary>
    /// <remarks>
    /// Nodes whose vector has another dimension, is empty or is all zeros are skipped; a query of all zeros matches
    /// nothing. The search runs on the store's index (shared by every handle on the store in the process, built at the
    /// first search or chat history, and brought up to date with every change at each call); a node file that cannot be
    /// read is left out and reported (<see cref="UnreadableNodes"/>, <see cref="FileStoreOptions.UnreadableNodeFound"/>).
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="query"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="query"/> is empty or holds NaN or infinity, or <paramref name="threshold"/> is NaN.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is negative.</exception>
    /// <exception cref="StoreDirectoryNotFoundException">The store's directory was deleted.</exception>
    public IReadOnlyList<(Guid Id, float Similarity)> SearchSimilar(float[] query, int limit, float threshold) =>
        Store.SearchSimilar(query, limit, threshold);

    /// <summary>
    /// Adds a connection from <paramref name="source"/> to <paramref name="target"/>, or, when the source already has
    /// one to that target with the same relationship type, sets its strength.
    /// </summary>
    /// <param name="source">The node the connection starts from; it is the node that changes.</param>
    /// <param name="target">The node the connection points to; it must exist.</param>
    /// <param name="relationshipType">
    /// <c>Association</c>, <c>Causation</c>, <c>PartOf</c>, <c>Contains</c> or <c>Sequence</c> (exact spelling); any other
    /// name is stored as a custom relationship (<c>{"Custom":"name"}</c>).
    /// </param>
    /// <param name="strength">From 0 to 1.</param>
    /// <exception cref="KeyNotFoundException">The source or the target does not exist; the message names the id.</exception>
    /// <exception cref="ArgumentException">The relationship type is empty, or the strength is not between 0 and 1.</exception>
    public void Connect(Guid source, Guid target, string relationshipType, float strength) =>
        Store.Connect(source, target, relationshipType, strength);

    /// <summary>Removes every connection from <paramref name="source"/> to <paramref name="target"/>.</summary>
    /// <returns>Whether any connection was removed.</returns>
    /// <exception cref="KeyNotFoundException">The source does not exist.</exception>
    public bool Disconnect(Guid source, Guid target) => Store.Disconnect(source, target);

    /// <summary>The outgoing connections of a node.</summary>
    /// <exception cref="KeyNotFoundException">The node does not exist.</exception>
    public IReadOnlyList<MemoryConnection> GetConnections(Guid id) => Store.GetConnections(id);

    /// <summary>
    /// The stored nodes that similarity search and chat history leave out because they cannot be read (corrupt, not a
    /// regular file, too large, or a message without its role, content or timestamp), in id order, as of now.
    /// </summary>
    public IReadOnlyList<UnreadableNode> UnreadableNodes => Store.UnreadableNodes();

    /// <summary>A chat's messages, newest first, from the store's index.</summary>
    internal IReadOnlyList<ChatMessage> GetChatHistory(string chatId, int limit) => Store.ChatHistory(chatId, limit);

    /// <summary><see cref="SearchSimilar"/> returning the nodes it read.</summary>
    internal IReadOnlyList<(MemoryNode Node, float Similarity)> SearchSimilarNodes(float[] query, int limit, float threshold) =>
        Store.SearchSimilarNodes(query, limit, threshold);

    /// <summary>Releases the handle. Works from any thread, and more than once; later calls of other members throw <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose() => Interlocked.Exchange(ref _store, null)?.Release();

    private NodeStore Store
    {
        get
        {
            _affinity.VerifyAccess();
            return Volatile.Read(ref _store) ?? throw new ObjectDisposedException(nameof(Database), "The database handle has been disposed.");
        }
    }
}
