using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
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
/// write of any handle, writes are atomic, and <see cref="Connect"/> and <see cref="Disconnect"/> lose no
/// concurrent update. A file-based store uses EngramDB's on-disk layout, <c>&lt;path&gt;/&lt;first two characters of
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
    /// <remarks>Opening does not read the store, so it costs the same for any number of nodes.</remarks>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null, empty, whitespace or not a valid path.</exception>
    /// <exception cref="IOException"><paramref name="path"/> is a regular file, or the directory cannot be created; the message names the path.</exception>
    public static Database FileBased(string path) => new(FileNodeStore.Open(path));

    /// <summary>The full path of a file-based store's directory; <see langword="null"/> for a store in memory.</summary>
    public string? Path => Store.Path;

    /// <summary>Stores <paramref name="node"/>, replacing any stored node with the same id, and returns its id.</summary>
    /// <remarks>
    /// The node is written to a temporary file in the node's folder, flushed to disk and renamed over the node file, so
    /// a crash never leaves a torn node. The folder entry itself is not flushed: after a power loss (not a process crash)
    /// the latest saves may be missing. Temporary files left by a crashed writer are never read as nodes.
    /// </remarks>
    /// <exception cref="IOException">The store cannot be written; the message names the path. Nothing was stored.</exception>
    public Guid Save(MemoryNode node) => Store.Save(node);

    /// <summary>Reads a node. The result is an independent copy: changing it changes nothing until it is saved.</summary>
    /// <exception cref="KeyNotFoundException">The store has no node with this id; the message names it.</exception>
    /// <exception cref="InvalidDataException">The node's file is corrupt; the message names the id and the file.</exception>
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
    /// nothing. Every node is read, so a corrupt node file makes the search fail with an error naming it.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="query"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="query"/> is empty or holds NaN or infinity, or <paramref name="threshold"/> is NaN.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is negative.</exception>
    /// <exception cref="InvalidDataException">A node file is corrupt.</exception>
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

    /// <summary>Every stored node, read once; nodes deleted meanwhile are left out.</summary>
    internal IReadOnlyList<MemoryNode> LoadAll() => Store.LoadAll().ToList();

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
