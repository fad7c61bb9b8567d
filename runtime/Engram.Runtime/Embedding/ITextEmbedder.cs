namespace EngramDb.Embedding;

/// <summary>Turns text into an embedding vector for <see cref="ThreadSafeAgentContext"/>.</summary>
/// <remarks>
/// A context is shared between threads, so implementations must be safe to call from several threads at once.
/// Every vector an embedder returns must have <see cref="Dimensions"/> elements, so that stored memories and
/// queries can be compared.
/// </remarks>
public interface ITextEmbedder
{
    /// <summary>Length of every vector returned by <see cref="Embed"/>.</summary>
    int Dimensions { get; }

    /// <summary>Returns the embedding of <paramref name="text"/>.</summary>
    float[] Embed(string text);
}
