using System;
using System.Collections.Generic;
using System.Linq;

namespace EngramDb;

/// <summary>
/// Thrown by <see cref="Database.Save"/> when the stored node changed since the saved copy was loaded and the two
/// changed the same part differently (or the stored node was deleted meanwhile). Nothing was saved.
/// </summary>
/// <remarks>
/// Load the node again and reapply the change, or make it with <see cref="Database.Update"/>, which changes the node
/// under its lock and so cannot conflict.
/// </remarks>
public sealed class NodeConflictException : InvalidOperationException
{
    /// <summary>Creates the exception for node <paramref name="nodeId"/>, listing what both sides changed.</summary>
    public NodeConflictException(Guid nodeId, IReadOnlyList<string> conflicts)
        : base(FormatMessage(nodeId, conflicts ?? throw new ArgumentNullException(nameof(conflicts))))
    {
        NodeId = nodeId;
        Conflicts = conflicts;
    }

    /// <summary>The id of the node that was not saved.</summary>
    public Guid NodeId { get; }

    /// <summary>What both this copy and the store changed, for example <c>attribute 'title'</c>.</summary>
    public IReadOnlyList<string> Conflicts { get; }

    private static string FormatMessage(Guid nodeId, IReadOnlyList<string> conflicts) =>
        $"Node {nodeId} was not saved: since this copy was loaded, the stored node changed where this copy changed too " +
        $"({string.Join("; ", conflicts.Select(c => c))}). Load the node again and reapply the change, or use Database.Update({nodeId}, change).";
}
