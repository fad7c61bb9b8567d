using System;
using System.Collections.Generic;
using System.IO;
using Xunit;

namespace Engram.Package.Tests;

/// <summary>
/// Engram.Analyzers and Engram.Runtime packed from this repository into a temporary folder feed, once for every test
/// in the collection. Build output goes to a temporary artifacts folder so the repository's own bin/obj are untouched.
/// </summary>
public sealed class PackedFeed : IDisposable
{
    /// <summary>A version no real feed has, so a consumer can only get these packages from this feed.</summary>
    public const string Version = "0.0.0-e2e";

    private readonly string _root;
    private readonly Dictionary<string, TimeSpan> _packDurations = new();

    public PackedFeed()
    {
        _root = Directory.CreateTempSubdirectory("engram-e2e-feed-").FullName;
        FeedDirectory = Path.Combine(_root, "feed");
        var artifacts = Path.Combine(_root, "artifacts");
        var dotnet = new DotnetCli(new Dictionary<string, string>());

        foreach (var project in new[]
        {
            "analyzers/Engram.Analyzers.Package/Engram.Analyzers.Package.csproj",
            "runtime/Engram.Runtime/Engram.Runtime.csproj",
        })
        {
            var result = dotnet.Run(
                Repository.Root,
                "pack", Repository.PathOf(project), "-c", "Release", "-o", FeedDirectory, "--artifacts-path", artifacts,
                "-p:Version=" + Version);
            if (!result.Succeeded)
            {
                throw new InvalidOperationException($"Packing {project} failed. {result}");
            }

            _packDurations[project] = result.Duration;
        }
    }

    public string FeedDirectory { get; }

    /// <summary>How long each <c>dotnet pack</c> took, for the test log.</summary>
    public IReadOnlyDictionary<string, TimeSpan> PackDurations => _packDurations;

    public string PackagePath(string packageId, string extension = "nupkg") =>
        Path.Combine(FeedDirectory, $"{packageId}.{Version}.{extension}");

    public void Dispose() => Directory.Delete(_root, recursive: true);
}

[CollectionDefinition(Name)]
public sealed class PackedFeedCollection : ICollectionFixture<PackedFeed>
{
    public const string Name = "Packed feed";
}
