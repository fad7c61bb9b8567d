using System;
using System.Text;

namespace EngramDb.Embedding;

/// <summary>
/// The built-in embedder: deterministic feature hashing of words and character trigrams into a fixed-size,
/// L2-normalised vector.
/// </summary>
/// <remarks>
/// It needs no model and gives the same vector for the same text in every process and on every machine
/// (it uses its own FNV-1a hash, not <see cref="string.GetHashCode()"/>, which is randomised per process).
/// Texts that share words or word fragments get a high cosine similarity; it knows nothing of meaning.
/// Replace it with a real model by passing your own <see cref="ITextEmbedder"/> to
/// <see cref="ThreadSafeAgentContext.WithEmbedder"/>.
/// </remarks>
public sealed class HashingTextEmbedder : ITextEmbedder
{
    /// <summary>The dimension count used by <see cref="Default"/>.</summary>
    public const int DefaultDimensions = 256;

    /// <summary>A shared instance with <see cref="DefaultDimensions"/> dimensions.</summary>
    public static HashingTextEmbedder Default { get; } = new(DefaultDimensions);

    /// <summary>Creates an embedder producing vectors of <paramref name="dimensions"/> elements.</summary>
    public HashingTextEmbedder(int dimensions)
    {
        if (dimensions < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(dimensions), dimensions, "An embedding needs at least one dimension.");
        }

        Dimensions = dimensions;
    }

    /// <inheritdoc />
    public int Dimensions { get; }

    /// <inheritdoc />
    /// <remarks>Text without letters or digits embeds to the zero vector.</remarks>
    public float[] Embed(string text)
    {
        if (text is null)
        {
            throw new ArgumentNullException(nameof(text));
        }

        var vector = new float[Dimensions];
        foreach (var word in Words(text))
        {
            AddFeature(vector, "w:" + word, weight: 1f);
            var padded = "#" + word + "#";
            for (var i = 0; i + 3 <= padded.Length; i++)
            {
                AddFeature(vector, padded.Substring(i, 3), weight: 0.5f);
            }
        }

        Normalize(vector);
        return vector;
    }

    private static System.Collections.Generic.IEnumerable<string> Words(string text)
    {
        var word = new StringBuilder();
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                word.Append(char.ToLowerInvariant(c));
            }
            else if (word.Length > 0)
            {
                yield return word.ToString();
                word.Clear();
            }
        }

        if (word.Length > 0)
        {
            yield return word.ToString();
        }
    }

    private void AddFeature(float[] vector, string feature, float weight)
    {
        var hash = Fnv1a(feature);
        var index = (int)(hash % (uint)vector.Length);
        // The sign bit comes from a different part of the hash so collisions tend to cancel rather than add up.
        var sign = (hash & 0x8000_0000u) == 0 ? 1f : -1f;
        vector[index] += sign * weight;
    }

    private static uint Fnv1a(string value)
    {
        var hash = 2166136261u;
        foreach (var c in value)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash;
    }

    private static void Normalize(float[] vector)
    {
        double sumOfSquares = 0;
        foreach (var x in vector)
        {
            sumOfSquares += x * x;
        }

        if (sumOfSquares == 0)
        {
            return;
        }

        var scale = (float)(1 / Math.Sqrt(sumOfSquares));
        for (var i = 0; i < vector.Length; i++)
        {
            vector[i] *= scale;
        }
    }
}
