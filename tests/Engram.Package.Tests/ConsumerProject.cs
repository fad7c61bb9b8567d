using System;
using System.Collections.Generic;
using System.IO;

namespace Engram.Package.Tests;

/// <summary>
/// A fresh consumer made from the files of samples/Misuse in a temporary directory. It installs only Engram.Runtime,
/// from the packed feed (Engram.* may come from nowhere else), into its own global packages folder, so no package
/// left in a NuGet cache by an earlier run can stand in for the one just packed.
/// </summary>
internal sealed class ConsumerProject : IDisposable
{
    private const string SampleDirectory = "samples/Misuse";

    private readonly string _root;
    private readonly DotnetCli _dotnet;

    public ConsumerProject(PackedFeed feed)
    {
        _root = Directory.CreateTempSubdirectory("engram-e2e-consumer-").FullName;
        ProjectDirectory = Path.Combine(_root, "Misuse");
        CopySample(Repository.PathOf(SampleDirectory), ProjectDirectory);
        File.WriteAllText(Path.Combine(ProjectDirectory, "nuget.config"), NuGetConfig(feed.FeedDirectory));
        _dotnet = new DotnetCli(new Dictionary<string, string>
        {
            ["NUGET_PACKAGES"] = Path.Combine(_root, "packages"),
            ["EngramRuntimeVersion"] = PackedFeed.Version,
        });
    }

    public string ProjectDirectory { get; }

    public string ProgramPath => Path.Combine(ProjectDirectory, "Program.cs");

    public CommandResult Dotnet(params string[] arguments) => _dotnet.Run(ProjectDirectory, arguments);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static void CopySample(string source, string destination)
    {
        Directory.CreateDirectory(destination);
        foreach (var file in Directory.GetFiles(source))
        {
            File.Copy(file, Path.Combine(destination, Path.GetFileName(file)));
        }
    }

    internal static string NuGetConfig(string feedDirectory) => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <configuration>
          <packageSources>
            <clear />
            <add key="engram-e2e" value="{feedDirectory}" />
            <add key="nuget.org" value="https://api.nuget.org/v3/index.json" protocolVersion="3" />
          </packageSources>
          <packageSourceMapping>
            <packageSource key="engram-e2e">
              <package pattern="Engram.*" />
            </packageSource>
            <packageSource key="nuget.org">
              <package pattern="*" />
            </packageSource>
          </packageSourceMapping>
        </configuration>
        """;
}
