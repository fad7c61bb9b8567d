using Engram.Analyzers.CodeFixes.Conversion;

namespace Engram.Analyzers.CodeFixes.Fixing;

/// <summary>How code action titles name what a conversion starts from.</summary>
internal static class ConversionTitles
{
    /// <summary>A clause for a title: <c>make 'notes' a ThreadSafeAgentContext</c>.</summary>
    public static string Describe(ConversionSeed seed) => seed.Kind switch
    {
        ConversionSeedKind.Holder => $"make '{seed.Symbol!.Name}' a ThreadSafeAgentContext",
        ConversionSeedKind.AffineType => $"make '{seed.Symbol!.Name}' hold a ThreadSafeAgentContext instead of a Database",
        _ => "register the thread-safe context (AddEngramDb) and inject it where Database was",
    };

    /// <summary>The same as a title of its own: <c>Make 'NotesRepository' hold ...</c>.</summary>
    public static string Sentence(ConversionSeed seed)
    {
        var clause = Describe(seed);
        return char.ToUpperInvariant(clause[0]) + clause.Substring(1);
    }
}
