using System;

namespace EngramDb;

/// <summary>A stored node that similarity search or chat history could not use, and left out.</summary>
public sealed class UnreadableNode
{
    internal UnreadableNode(Guid id, string location, Exception error)
    {
        Id = id;
        Location = location;
        Error = error;
    }

    /// <summary>The node's id (from its file name).</summary>
    public Guid Id { get; }

    /// <summary>Where the node is: its file, or <c>in memory</c>.</summary>
    public string Location { get; }

    /// <summary>Why it was left out; the message names the node and the file.</summary>
    public Exception Error { get; }

    /// <inheritdoc />
    public override string ToString() => Error.Message;
}
