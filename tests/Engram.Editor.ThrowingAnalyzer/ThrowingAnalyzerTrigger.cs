namespace Engram.Editor.ThrowingAnalyzer;

/// <summary>The identifier that makes <see cref="ThrowingAnalyzer"/> throw; the editor test types it to see the failure.</summary>
internal static class ThrowingAnalyzerTrigger
{
    public const string Identifier = "ThrowInTheAnalyzer";
}
