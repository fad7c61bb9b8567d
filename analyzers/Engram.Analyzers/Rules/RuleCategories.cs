namespace Engram.Analyzers.Rules;

/// <summary>Diagnostic categories of the Engram rules.</summary>
internal static class RuleCategories
{
    public const string Threading = "Threading";
}
