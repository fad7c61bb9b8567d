namespace Engram.Analyzers.Rules;

/// <summary>Where each rule's documentation page lives (the <c>helpLinkUri</c> of its descriptor).</summary>
internal static class RuleHelp
{
    // Keep in sync with RepositoryUrl in Directory.Build.props; RuleDocumentationTests checks both.
    public const string RepositoryUrl = "https://github.com/engram-analyzers/Engram.Analyzers";

    public static string LinkFor(string ruleId) => $"{RepositoryUrl}/blob/main/docs/rules/{ruleId}.md";
}
