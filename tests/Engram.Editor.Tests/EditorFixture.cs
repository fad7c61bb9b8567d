using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Engram.Package.Tests;
using Xunit;

namespace Engram.Editor.Tests;

/// <summary>
/// What every editor test needs once: the packages packed from this repository and csharp-ls restored from the
/// repository's tool manifest (<c>dotnet tool restore</c>, so a fresh clone needs no step of its own).
/// </summary>
public sealed class EditorFixture : IDisposable
{
    public EditorFixture()
    {
        var restore = new DotnetCli(new Dictionary<string, string>()).Run(Repository.Root, "tool", "restore");
        if (!restore.Succeeded)
        {
            throw new InvalidOperationException($"csharp-ls could not be restored from .config/dotnet-tools.json. {restore}");
        }

        Feed = new PackedFeed();
    }

    public PackedFeed Feed { get; }

    /// <summary>The analyzer that throws on purpose (tests/Engram.Editor.ThrowingAnalyzer), as built beside the tests.</summary>
    public string ThrowingAnalyzerAssembly { get; } = typeof(EditorFixture).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "ThrowingAnalyzerAssembly").Value
        ?? throw new InvalidOperationException("The ThrowingAnalyzerAssembly assembly metadata has no value.");

    public void Dispose() => Feed.Dispose();
}

[CollectionDefinition(Name)]
public sealed class EditorCollection : ICollectionFixture<EditorFixture>
{
    public const string Name = "Editor";
}
