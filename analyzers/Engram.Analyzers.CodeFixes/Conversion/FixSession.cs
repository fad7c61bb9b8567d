using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Engram.Analyzers.Affinity;
using Engram.Analyzers.CodeFixes.Rewriting;
using Microsoft.CodeAnalysis;

namespace Engram.Analyzers.CodeFixes.Conversion;

/// <summary>
/// What the fixes look up in one solution snapshot, computed once: each document's root and semantic model, each
/// project's compilation, Engram runtime symbols, affinity answers and dependency-injection facts. One session
/// serves one code fix or one Fix All; it is not shared between threads.
/// </summary>
internal sealed class FixSession
{
    private readonly Dictionary<DocumentId, DocumentContext?> _documents = new();
    private readonly Dictionary<ProjectId, ProjectContext?> _projects = new();

    public FixSession(Solution solution, CancellationToken cancellationToken)
    {
        Solution = solution;
        CancellationToken = cancellationToken;
    }

    public Solution Solution { get; }

    public CancellationToken CancellationToken { get; }

    /// <summary>The document of <paramref name="tree"/>; <see langword="null"/> when the tree is not in the solution.</summary>
    public Task<DocumentContext?> DocumentAsync(SyntaxTree tree) =>
        Solution.GetDocument(tree) is { } document ? DocumentAsync(document) : Task.FromResult<DocumentContext?>(null);

    /// <summary>The document with its root and model; <see langword="null"/> for one without them or outside a C# project with the runtime.</summary>
    public async Task<DocumentContext?> DocumentAsync(Document document)
    {
        if (_documents.TryGetValue(document.Id, out var known))
        {
            return known;
        }

        DocumentContext? context = null;
        if (await ProjectAsync(document.Project).ConfigureAwait(false) is { } project
            && await document.GetSyntaxRootAsync(CancellationToken).ConfigureAwait(false) is { } root
            && await document.GetSemanticModelAsync(CancellationToken).ConfigureAwait(false) is { } model)
        {
            context = new DocumentContext(document, root, model, project);
        }

        _documents[document.Id] = context;
        return context;
    }

    /// <summary>The project with its compilation; <see langword="null"/> when it does not reference the Engram runtime.</summary>
    public async Task<ProjectContext?> ProjectAsync(Project project)
    {
        if (_projects.TryGetValue(project.Id, out var known))
        {
            return known;
        }

        ProjectContext? context = null;
        if (await project.GetCompilationAsync(CancellationToken).ConfigureAwait(false) is { } compilation
            && EngramRuntimeSymbols.TryResolve(compilation) is { } runtime)
        {
            context = new ProjectContext(this, project, compilation, runtime);
        }

        _projects[project.Id] = context;
        return context;
    }
}

/// <summary>A document of the session's solution, with its root and semantic model.</summary>
internal sealed class DocumentContext
{
    public DocumentContext(Document document, SyntaxNode root, SemanticModel model, ProjectContext project)
    {
        Document = document;
        Root = root;
        Model = model;
        Project = project;
    }

    public Document Document { get; }

    public SyntaxNode Root { get; }

    public SemanticModel Model { get; }

    public ProjectContext Project { get; }
}

/// <summary>A project of the session's solution that references the Engram runtime.</summary>
internal sealed class ProjectContext
{
    private readonly FixSession _session;
    private ThreadAffinityContext? _affinity;
    private bool _affinityResolved;
    private DatabaseService? _service;

    public ProjectContext(FixSession session, Project project, Compilation compilation, EngramRuntimeSymbols runtime)
    {
        _session = session;
        Project = project;
        Compilation = compilation;
        Runtime = runtime;
    }

    public Project Project { get; }

    public Compilation Compilation { get; }

    public EngramRuntimeSymbols Runtime { get; }

    /// <summary>The analyzers' affinity answers for this compilation and its options (the very ones the rules use).</summary>
    public ThreadAffinityContext? Affinity
    {
        get
        {
            if (!_affinityResolved)
            {
                _affinity = ThreadAffinityContext.TryCreate(Compilation, Project.AnalyzerOptions, _session.CancellationToken);
                _affinityResolved = true;
            }

            return _affinity;
        }
    }

    /// <summary>How this project registers and injects the <c>Database</c> service.</summary>
    public async Task<DatabaseService> ServiceAsync()
    {
        return _service ??= await DatabaseService.ScanAsync(_session, this).ConfigureAwait(false);
    }

    /// <summary>Every document of the project that the session can read.</summary>
    public async Task<List<DocumentContext>> DocumentsAsync()
    {
        var documents = new List<DocumentContext>();
        foreach (var document in Project.Documents)
        {
            if (await _session.DocumentAsync(document).ConfigureAwait(false) is { } context)
            {
                documents.Add(context);
            }
        }

        return documents;
    }
}
