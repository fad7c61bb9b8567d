using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Engram.Analyzers.Rules;
using Engram.Analyzers.Tests.TestSupport;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Engram.Analyzers.Tests;

/// <summary>Every rule the analyzer assembly reports has a documentation page, and its help link points to it.</summary>
public sealed class RuleDocumentationTests
{
    /// <summary>The sections every rule page has, in this order.</summary>
    public static readonly string[] RequiredSections =
    {
        "## What it finds",
        "## Why it matters",
        "## Wrong",
        "## Right",
        "## How to fix",
        "## Configuration",
        "## Suppression",
    };

    public static TheoryData<string> RuleIds()
    {
        var data = new TheoryData<string>();
        foreach (var id in DistinctRuleIds())
        {
            data.Add(id);
        }

        return data;
    }

    [Fact]
    public void The_shipped_rules_are_found() =>
        Assert.Subset(new HashSet<string>(DistinctRuleIds()), new HashSet<string> { "ENG001", "ENG003" });

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Help_link_points_to_the_rule_page_in_the_repository(string ruleId)
    {
        var expected = $"{RepositoryUrl()}/blob/main/docs/rules/{ruleId}.md";
        foreach (var descriptor in AllDescriptors().Where(descriptor => descriptor.Id == ruleId))
        {
            Assert.Equal(expected, descriptor.HelpLinkUri);
        }
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Rule_page_exists_with_its_title_and_every_required_section(string ruleId)
    {
        var path = Path.Combine(RepositoryPaths.RuleDocs, ruleId + ".md");
        Assert.True(File.Exists(path), $"Rule {ruleId} has no documentation page at {path}.");
        var lines = File.ReadAllLines(path);

        var title = AllDescriptors().First(descriptor => descriptor.Id == ruleId).Title.ToString();
        Assert.Equal($"# {ruleId}: {title}", lines[0]);

        var headings = lines.Where(line => line.StartsWith("## ")).ToList();
        var positions = RequiredSections.Select(section => headings.IndexOf(section)).ToList();
        Assert.True(positions.All(position => position >= 0), $"{path} lacks sections: {string.Join(", ", RequiredSections.Where(section => !headings.Contains(section)))}.");
        Assert.True(positions.SequenceEqual(positions.OrderBy(position => position)), $"{path} has the required sections out of order; expected {string.Join(", ", RequiredSections)}.");
        Assert.True(SectionsHaveContent(lines), $"{path} has an empty section.");
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Rule_page_shows_how_to_configure_and_suppress_the_rule(string ruleId)
    {
        var text = File.ReadAllText(Path.Combine(RepositoryPaths.RuleDocs, ruleId + ".md"));
        Assert.Contains($"dotnet_diagnostic.{ruleId}.severity", text);
        Assert.Contains($"#pragma warning disable {ruleId}", text);
        Assert.Contains("engram_thread_affine_types", text);
        Assert.Matches(new Regex("```csharp"), text);
    }

    private static IEnumerable<string> DistinctRuleIds() =>
        AllDescriptors().Select(descriptor => descriptor.Id).Distinct().OrderBy(id => id, System.StringComparer.Ordinal);

    private static IEnumerable<DiagnosticDescriptor> AllDescriptors() =>
        AnalyzerCatalog.CreateAll().SelectMany(analyzer => analyzer.SupportedDiagnostics);

    private static string RepositoryUrl()
    {
        var props = XDocument.Load(Path.Combine(RepositoryPaths.Root, "Directory.Build.props"));
        var url = props.Descendants("RepositoryUrl").Single().Value.Trim();
        Assert.Equal(RuleHelp.RepositoryUrl, url);
        return url;
    }

    private static bool SectionsHaveContent(string[] lines)
    {
        var currentHasContent = true;
        foreach (var line in lines.Skip(1))
        {
            if (line.StartsWith("## "))
            {
                if (!currentHasContent)
                {
                    return false;
                }

                currentHasContent = false;
            }
            else if (line.Trim().Length > 0)
            {
                currentHasContent = true;
            }
        }

        return currentHasContent;
    }
}
