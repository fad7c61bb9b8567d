using System;
using System.Collections.Generic;
using System.IO;
using Engram.Package.Tests;

namespace Engram.Editor.Tests;

/// <summary>
/// A fresh class library in a temporary directory that installs only the packed Engram.Runtime (which
/// brings the analyzers), restored into its own package folder, plus one extra analyzer given as a DLL.
/// </summary>
internal sealed class EditorConsumer : IDisposable
{
    private readonly string _root;

    private EditorConsumer(string root)
    {
        _root = root;
        ProjectDirectory = Path.Combine(root, "EditorConsumer");
        Environment = new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(root, "packages") };
    }

    public string ProjectDirectory { get; }

    /// <summary>What both the restore and the language server's MSBuild run with.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; }

    public string PathOf(string fileName) => Path.Combine(ProjectDirectory, fileName);

    /// <summary>Writes the project and restores it, so the language server finds the package's analyzers in place.</summary>
    /// <exception cref="InvalidOperationException">The restore failed; the message has its output.</exception>
    public static EditorConsumer Create(PackedFeed feed, string extraAnalyzerAssembly)
    {
        var consumer = new EditorConsumer(Directory.CreateTempSubdirectory("engram-editor-consumer-").FullName);
        try
        {
            Directory.CreateDirectory(consumer.ProjectDirectory);
            File.WriteAllText(consumer.PathOf("EditorConsumer.csproj"), ProjectFile(extraAnalyzerAssembly));
            File.WriteAllText(consumer.PathOf("nuget.config"), ConsumerProject.NuGetConfig(feed.FeedDirectory));
            var restore = new DotnetCli(consumer.Environment).Run(consumer.ProjectDirectory, "restore");
            if (!restore.Succeeded)
            {
                throw new InvalidOperationException($"The editor consumer did not restore. {restore}");
            }

            return consumer;
        }
        catch
        {
            consumer.Dispose();
            throw;
        }
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static string ProjectFile(string extraAnalyzerAssembly) => $"""
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <TargetFramework>net10.0</TargetFramework>
            <Nullable>enable</Nullable>
            <ImplicitUsings>disable</ImplicitUsings>
          </PropertyGroup>
          <ItemGroup>
            <PackageReference Include="Engram.Runtime" Version="{PackedFeed.Version}" />
            <Analyzer Include="{extraAnalyzerAssembly}" />
          </ItemGroup>
        </Project>
        """;
}
