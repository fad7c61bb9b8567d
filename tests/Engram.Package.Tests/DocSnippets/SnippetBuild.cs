using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Engram.Package.Tests.DocSnippets;

/// <summary>
/// Compiles snippets against the packed packages in one <c>dotnet build</c>: a consumer installed as the README says,
/// with one library project holding every file and context snippet (one file each) and one project per program
/// snippet (a project has one Program.cs), and maps the reported diagnostics back to the snippets.
/// </summary>
internal sealed class SnippetBuild : IDisposable
{
    private const string LibraryProject = "Library";
    private const string OutputDirectory = "bin/Debug/net10.0";

    private readonly FolderFeedConsumer _consumer;
    private readonly Dictionary<DocSnippet, string> _projectOf = new();
    private readonly Dictionary<DocSnippet, List<BuildDiagnostic>> _reported = new();
    private readonly List<BuildDiagnostic> _unattributed = new();
    private readonly IReadOnlyList<BuildDiagnostic> _diagnostics;

    public SnippetBuild(PackedFeed feed, IReadOnlyList<DocSnippet> snippets)
    {
        _consumer = new FolderFeedConsumer(feed, "doc-snippets");
        try
        {
            _consumer.WriteSolution("Snippets", WriteProjects(snippets));
            Build = _consumer.Dotnet(".", "build", "Snippets.slnx", "-tl:off");
        }
        catch
        {
            _consumer.Dispose();
            throw;
        }

        _diagnostics = BuildDiagnostic.ParseAll(Build.Output);
        Attribute(snippets);
    }

    /// <summary>The one <c>dotnet build</c> of every snippet.</summary>
    public CommandResult Build { get; }

    /// <summary>Diagnostics that belong to no snippet (a restore failure, say).</summary>
    public IReadOnlyList<BuildDiagnostic> Unattributed => _unattributed;

    /// <summary>Everything reported for the snippet: at its lines, in its context, or for its own project.</summary>
    public IReadOnlyList<BuildDiagnostic> ReportedFor(DocSnippet snippet) => _reported[snippet];

    /// <summary>
    /// Whether the compiler ran on the snippet's project: it produced its assembly or reported a diagnostic at a
    /// source line (a restore failure does neither).
    /// </summary>
    public bool Compiled(DocSnippet snippet)
    {
        var project = _projectOf[snippet];
        var projectFile = Path.Combine(_consumer.Root, project, project + ".csproj");
        return File.Exists(Path.Combine(_consumer.Root, project, OutputDirectory, project + ".dll"))
            || _diagnostics.Any(d => d.Line is not null && d.Project == projectFile);
    }

    public void Dispose() => _consumer.Dispose();

    private List<string> WriteProjects(IReadOnlyList<DocSnippet> snippets)
    {
        var projects = new List<string> { LibraryProject };
        WriteProject(LibraryProject, "Microsoft.NET.Sdk", "Library");
        foreach (var snippet in snippets)
        {
            if (snippet.Kind is SnippetKind.Program or SnippetKind.WebProgram)
            {
                var project = SnippetSource.Name(snippet);
                WriteProject(project, snippet.Kind == SnippetKind.WebProgram ? "Microsoft.NET.Sdk.Web" : "Microsoft.NET.Sdk", "Exe");
                File.WriteAllText(Path.Combine(_consumer.Root, project, "Program.cs"), SnippetSource.Program(snippet));
                projects.Add(project);
                _projectOf[snippet] = project;
            }
            else
            {
                File.WriteAllText(Path.Combine(_consumer.Root, LibraryProject, SnippetSource.Name(snippet) + ".cs"), SnippetSource.LibraryFile(snippet));
                _projectOf[snippet] = LibraryProject;
            }
        }

        return projects;
    }

    /// <summary>A project as <c>dotnet new console</c>, <c>web</c> or <c>classlib</c> makes it, with Engram.Runtime installed (and pythonnet in the class library).</summary>
    private void WriteProject(string name, string sdk, string outputType)
    {
        // The class library also uses pythonnet, for the pages that show Python's GIL held across an await.
        var pythonnet = name == LibraryProject ? "\n    <PackageReference Include=\"pythonnet\" Version=\"3.2.1\" />" : "";
        var directory = Directory.CreateDirectory(Path.Combine(_consumer.Root, name)).FullName;
        File.WriteAllText(Path.Combine(directory, name + ".csproj"), $"""
            <Project Sdk="{sdk}">
              <PropertyGroup>
                <OutputType>{outputType}</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
                <!-- The package mirror sometimes serves a newer patch than the one asked for. -->
                <NoWarn>$(NoWarn);NU1603</NoWarn>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Engram.Runtime" Version="{PackedFeed.Version}" />{pythonnet}
              </ItemGroup>
            </Project>
            """);
    }

    private void Attribute(IReadOnlyList<DocSnippet> snippets)
    {
        foreach (var snippet in snippets)
        {
            _reported[snippet] = new List<BuildDiagnostic>();
        }

        foreach (var diagnostic in _diagnostics)
        {
            var owners = snippets.Where(snippet => Owns(snippet, diagnostic)).ToList();
            if (owners.Count == 0)
            {
                _unattributed.Add(diagnostic);
            }

            foreach (var owner in owners)
            {
                _reported[owner].Add(diagnostic);
            }
        }
    }

    private bool Owns(DocSnippet snippet, BuildDiagnostic diagnostic)
    {
        if (diagnostic.Path == Repository.PathOf(snippet.Fence.Page))
        {
            return diagnostic.Line >= snippet.FirstLine && diagnostic.Line <= snippet.LastLine;
        }

        if (snippet.ContextName is { } context && diagnostic.Path == DocPages.ContextPath(context))
        {
            return true;
        }

        var project = _projectOf[snippet];
        var projectDirectory = Path.Combine(_consumer.Root, project);
        return project == LibraryProject
            ? diagnostic.Path == Path.Combine(projectDirectory, SnippetSource.Name(snippet) + ".cs")
            : diagnostic.Project == Path.Combine(projectDirectory, project + ".csproj");
    }
}
