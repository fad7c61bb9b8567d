using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Engram.Package.Tests.DocSnippets;

namespace Engram.Package.Tests;

/// <summary>
/// A temporary directory set up as README.md's Install section tells a user: the README's nuget.config, taken
/// verbatim, beside the folder <see cref="PackagesFolder"/> holding the packed packages. Projects made below it
/// restore through that config into their own global packages folder, so nothing cached by an earlier run is used.
/// </summary>
internal sealed class FolderFeedConsumer : IDisposable
{
    /// <summary>The folder the README's nuget.config names (relative to the config) as the source of Engram.*.</summary>
    public const string PackagesFolder = "engram-packages";

    private readonly DotnetCli _dotnet;

    public FolderFeedConsumer(PackedFeed feed, string purpose)
    {
        Root = Directory.CreateTempSubdirectory($"engram-{purpose}-").FullName;
        File.WriteAllText(Path.Combine(Root, "nuget.config"), ReadmeNuGetConfig());
        var packages = Directory.CreateDirectory(Path.Combine(Root, PackagesFolder)).FullName;
        foreach (var package in Directory.GetFiles(feed.FeedDirectory, "*.nupkg"))
        {
            File.Copy(package, Path.Combine(packages, Path.GetFileName(package)));
        }

        _dotnet = new DotnetCli(new Dictionary<string, string>
        {
            ["NUGET_PACKAGES"] = Path.Combine(Root, ".nuget-packages"),
        });
    }

    public string Root { get; }

    /// <summary>Runs <c>dotnet</c> in <paramref name="directory"/>, relative to <see cref="Root"/>.</summary>
    public CommandResult Dotnet(string directory, params string[] arguments) =>
        _dotnet.Run(Path.Combine(Root, directory), arguments);

    /// <summary>Writes <c>{name}.slnx</c> at <see cref="Root"/> listing the projects <c>{project}/{project}.csproj</c>.</summary>
    public void WriteSolution(string name, IEnumerable<string> projects) =>
        File.WriteAllText(
            Path.Combine(Root, name + ".slnx"),
            "<Solution>\n" + string.Concat(projects.Select(p => $"  <Project Path=\"{p}/{p}.csproj\" />\n")) + "</Solution>\n");

    public void Dispose() => Directory.Delete(Root, recursive: true);

    /// <summary>The README's fenced block with the info string <c>xml nuget.config</c>.</summary>
    private static string ReadmeNuGetConfig()
    {
        const string page = "README.md";
        var fences = MarkdownFence.ReadAll(page, File.ReadAllLines(Repository.PathOf(page)))
            .Where(fence => fence.InfoString == "xml nuget.config")
            .ToList();
        if (fences.Count != 1)
        {
            throw new InvalidDataException($"{page} should have exactly one ```xml nuget.config block (its Install section's config); it has {fences.Count}.");
        }

        return string.Join("\n", fences[0].Lines) + "\n";
    }
}
