namespace Engram.Analyzers;

/// <summary>Diagnostic categories of the Engram rules.</summary>
internal static class RuleCategories
{
    public const string Threading = "Threading";
}
