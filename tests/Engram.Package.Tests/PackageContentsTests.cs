using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using System.Xml.Linq;
using Xunit;

namespace Engram.Package.Tests;

[Collection(PackedFeedCollection.Name)]
[Trait("Category", "Slow")]
public sealed class PackageContentsTests
{
    private readonly PackedFeed _feed;

    public PackageContentsTests(PackedFeed feed)
    {
        _feed = feed;
    }

    [Fact]
    public void Analyzers_package_is_a_development_dependency_with_rules_and_fixes_in_analyzers_dotnet_cs()
    {
        using var package = ZipFile.OpenRead(_feed.PackagePath("Engram.Analyzers"));
        var entries = package.Entries.Select(e => e.FullName).ToList();

        Assert.Contains("analyzers/dotnet/cs/Engram.Analyzers.dll", entries);
        Assert.Contains("analyzers/dotnet/cs/Engram.Analyzers.CodeFixes.dll", entries);
        Assert.DoesNotContain(entries, e => e.StartsWith("lib/"));

        var metadata = Metadata(package, "Engram.Analyzers");
        Assert.Equal("true", Element(metadata, "developmentDependency").Value);
        Assert.Empty(metadata.Descendants(metadata.Name.Namespace + "dependency"));
        AssertPublishingMetadata(package, metadata);
    }

    [Fact]
    public void Runtime_package_depends_on_the_analyzers_package_without_excluding_its_analyzers()
    {
        using var package = ZipFile.OpenRead(_feed.PackagePath("Engram.Runtime"));
        var metadata = Metadata(package, "Engram.Runtime");

        var groups = Element(metadata, "dependencies").Elements(metadata.Name.Namespace + "group").ToList();
        Assert.NotEmpty(groups);
        foreach (var group in groups)
        {
            var analyzers = group.Elements(metadata.Name.Namespace + "dependency")
                .Single(d => (string?)d.Attribute("id") == "Engram.Analyzers");
            Assert.Equal(PackedFeed.Version, (string?)analyzers.Attribute("version"));
            var exclude = (string?)analyzers.Attribute("exclude") ?? string.Empty;
            Assert.DoesNotContain("Analyzers", exclude);
            var include = (string?)analyzers.Attribute("include") ?? "All";
            Assert.True(include == "All" || include.Split(',').Contains("Analyzers"), $"include=\"{include}\" leaves the analyzers out");
        }

        Assert.Contains(package.Entries, e => e.FullName == "lib/netstandard2.0/Engram.Runtime.dll");
        Assert.Contains(package.Entries, e => e.FullName == "lib/net8.0/Engram.Runtime.dll");
        Assert.True(File.Exists(_feed.PackagePath("Engram.Runtime", "snupkg")), "no symbols package next to Engram.Runtime");
        AssertPublishingMetadata(package, metadata);
    }

    [Fact]
    public void Analyzers_package_makes_the_Wpf_and_Windows_Forms_properties_visible_to_the_analyzer_in_every_consumer()
    {
        using var package = ZipFile.OpenRead(_feed.PackagePath("Engram.Analyzers"));
        var props = package.GetEntry("buildTransitive/Engram.Analyzers.props")
            ?? throw new Xunit.Sdk.XunitException("The package has no buildTransitive/Engram.Analyzers.props.");
        using var stream = props.Open();
        var visible = XDocument.Load(stream).Descendants("CompilerVisibleProperty").Select(e => (string?)e.Attribute("Include")).ToList();

        Assert.Contains("UseWPF", visible);
        Assert.Contains("UseWindowsForms", visible);
    }

    private static void AssertPublishingMetadata(ZipArchive package, XElement metadata)
    {
        var license = Element(metadata, "license");
        Assert.Equal("expression", (string?)license.Attribute("type"));
        Assert.Equal("MIT", license.Value);
        Assert.Equal(File.ReadAllText(Repository.PathOf("LICENSE")), EntryText(package, "LICENSE"));
        Assert.StartsWith("MIT License", EntryText(package, "LICENSE"));
        Assert.NotEmpty((string?)Element(metadata, "repository").Attribute("url") ?? string.Empty);
        var readme = Element(metadata, "readme").Value;
        Assert.StartsWith("# ", EntryText(package, readme));

        var icon = Element(metadata, "icon").Value;
        Assert.Equal(File.ReadAllBytes(Repository.PathOf("docs/icon.png")), EntryBytes(package, icon));

        var changelog = Element(metadata, "projectUrl").Value + "/blob/main/CHANGELOG.md";
        Assert.Equal(UnreleasedChanges() + "\n\nFull history: " + changelog, Element(metadata, "releaseNotes").Value.Replace("\r\n", "\n"));
    }

    /// <summary>The text under CHANGELOG.md's Unreleased heading: the notes of a version with no section of its own, such as the packed one.</summary>
    private static string UnreleasedChanges()
    {
        var lines = File.ReadAllLines(Repository.PathOf("CHANGELOG.md"));
        var start = Array.IndexOf(lines, "## [Unreleased]");
        Assert.True(start >= 0, "CHANGELOG.md has no '## [Unreleased]' heading.");
        var section = lines.Skip(start + 1).TakeWhile(line => !line.StartsWith("## [", StringComparison.Ordinal));
        return string.Join("\n", section).Trim();
    }

    private static string EntryText(ZipArchive package, string path) => Encoding.UTF8.GetString(EntryBytes(package, path));

    private static byte[] EntryBytes(ZipArchive package, string path)
    {
        var entry = package.GetEntry(path) ?? throw new Xunit.Sdk.XunitException($"The package has no {path}.");
        using var stream = entry.Open();
        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        return bytes.ToArray();
    }

    private static XElement Metadata(ZipArchive package, string packageId)
    {
        var entry = package.GetEntry(packageId + ".nuspec")
            ?? throw new Xunit.Sdk.XunitException($"The package has no {packageId}.nuspec.");
        using var nuspec = entry.Open();
        var root = XDocument.Load(nuspec).Root!;
        return root.Element(root.Name.Namespace + "metadata")!;
    }

    private static XElement Element(XElement metadata, string name) =>
        metadata.Element(metadata.Name.Namespace + name)
        ?? throw new Xunit.Sdk.XunitException($"The nuspec has no <{name}>:\n{metadata}");
}
