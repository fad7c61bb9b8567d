namespace Engram.Benchmarks.AnalyzerOverhead;

/// <summary>
/// The names of the configurations the generator writes (one project folder each) and the report looks up, defined
/// once for both.
/// </summary>
internal static class ConfigurationNames
{
    /// <summary>The compiler alone: every other configuration is measured against it.</summary>
    public const string CompilerOnly = "compiler-only";

    /// <summary>Our analyzers, built from the measured commit.</summary>
    public const string Engram = "engram";

    /// <summary>Our analyzers as another commit built them (run.sh --baseline).</summary>
    public const string Baseline = "engram-baseline";

    public const string VsThreading = "vs-threading";

    public const string Meziantou = "meziantou";
}
