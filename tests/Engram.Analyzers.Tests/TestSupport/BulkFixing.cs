using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Engram.Analyzers.CodeFixes;
using Engram.Analyzers.Rules;
using Engram.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Engram.Analyzers.Tests.TestSupport;

/// <summary>
/// Bulk fixing as <c>dotnet format analyzers --diagnostics ... --severity error</c> does it (its
/// <c>AnalyzerFormatter</c> and <c>SolutionCodeFixApplier</c>): the rule ids reported at the start are fixed one
/// after the other, in the order of a hash set (so it changes from run to run); for each, the rule is analysed again
/// on the current solution, the fixer is asked for the fixes of the first diagnostic it finds, the equivalence key
/// of the first action (or none) is taken, and Fix All runs in solution scope with that key. The order of rules and
/// of diagnostics is given here, so a test can try many.
/// </summary>
public sealed class BulkFixing
{
    private static readonly ImmutableArray<DiagnosticAnalyzer> Analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(
        new CapturedByOtherThreadAnalyzer(), new UsedAcrossAwaitAnalyzer(), new AffineValueInSharedStateAnalyzer(), new RegisteredAsSingletonAnalyzer(),
        new ScopeHeldAcrossAwaitAnalyzer());

    private static readonly ImmutableDictionary<string, CodeFixProvider> Fixers = new CodeFixProvider[]
    {
        new CapturedByOtherThreadFixer(), new UsedAcrossAwaitFixer(), new AffineValueInSharedStateFixer(), new RegisteredAsSingletonFixer(),
        new ScopeHeldAcrossAwaitFixer(),
    }.ToImmutableDictionary(fixer => fixer.FixableDiagnosticIds.Single());

    private readonly Solution _start;

    private BulkFixing(Solution start) => _start = start;

    /// <summary>A solution of one project holding <paramref name="sources"/> (name, text).</summary>
    public static async Task<BulkFixing> CreateAsync(OutputKind outputKind, bool aspNetCore, params (string Name, string Text)[] sources)
    {
        var references = aspNetCore
            ? EngramTestSetup.AspNetCoreReferences()
            : (await EngramTestSetup.ResolveFrameworkReferencesAsync(CancellationToken.None))
                .Add(EngramTestSetup.DependencyInjectionReference)
                .Add(EngramTestSetup.HostingReference);
        var workspace = new AdhocWorkspace();
        var project = workspace.CurrentSolution
            .AddProject("App", "App", LanguageNames.CSharp)
            .WithMetadataReferences(references.Add(EngramTestSetup.RuntimeReference))
            .WithCompilationOptions(new CSharpCompilationOptions(outputKind, nullableContextOptions: NullableContextOptions.Enable))
            .WithParseOptions(new CSharpParseOptions(LanguageVersion.Latest));
        foreach (var (name, text) in sources)
        {
            project = project.AddDocument(name, text, filePath: "/app/" + name).Project;
        }

        return new BulkFixing(project.Solution);
    }

    public Solution Start => _start;

    /// <summary>
    /// Runs <paramref name="passes"/> passes over <paramref name="ruleOrder"/> (the rules reported at the start of each
    /// pass are fixed in this order); each rule's diagnostics are shuffled with <paramref name="diagnosticOrderSeed"/>
    /// before the first one is taken.
    /// </summary>
    public async Task<Solution> RunAsync(IReadOnlyList<string> ruleOrder, int diagnosticOrderSeed, int passes)
    {
        var random = new Random(diagnosticOrderSeed);
        var solution = _start;
        for (var pass = 0; pass < passes; pass++)
        {
            var reported = (await DiagnosticsAsync(solution, ruleOrder)).Select(diagnostic => diagnostic.Id).ToHashSet();
            foreach (var ruleId in ruleOrder.Where(reported.Contains))
            {
                var diagnostics = (await DiagnosticsAsync(solution, new[] { ruleId })).OrderBy(_ => random.Next()).ToList();
                solution = await FixAllAsync(solution, Fixers[ruleId], ruleId, diagnostics);
            }
        }

        return solution;
    }

    /// <summary>What the analyzers of <paramref name="ruleIds"/> report on every project of <paramref name="solution"/>.</summary>
    public static async Task<List<Diagnostic>> DiagnosticsAsync(Solution solution, IEnumerable<string> ruleIds)
    {
        var ids = ruleIds.ToHashSet();
        var diagnostics = new List<Diagnostic>();
        foreach (var project in solution.Projects)
        {
            var compilation = (await project.GetCompilationAsync())!;
            var analyzers = Analyzers.Where(analyzer => analyzer.SupportedDiagnostics.Any(descriptor => ids.Contains(descriptor.Id))).ToImmutableArray();
            var found = await compilation.WithAnalyzers(analyzers, project.AnalyzerOptions).GetAnalyzerDiagnosticsAsync();
            diagnostics.AddRange(found.Where(diagnostic => ids.Contains(diagnostic.Id)));
        }

        return diagnostics;
    }

    /// <summary>The code actions the rule's fixer offers for <paramref name="diagnostic"/>, as the IDE lists them.</summary>
    public static async Task<List<CodeAction>> OfferedFixesAsync(Solution solution, Diagnostic diagnostic)
    {
        var actions = new List<CodeAction>();
        var document = solution.GetDocument(diagnostic.Location.SourceTree)!;
        await Fixers[diagnostic.Id].RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None));
        return actions;
    }

    /// <summary>
    /// The actions grouped under <paramref name="action"/>: public as <c>NestedActions</c> in newer Roslyn, internal
    /// as <c>NestedCodeActions</c> in 4.8, which the analyzers target.
    /// </summary>
    public static ImmutableArray<CodeAction> NestedActionsOf(CodeAction action)
    {
        const System.Reflection.BindingFlags Instance = System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic;
        var property = typeof(CodeAction).GetProperty("NestedActions", Instance) ?? typeof(CodeAction).GetProperty("NestedCodeActions", Instance)!;
        return (ImmutableArray<CodeAction>)property.GetValue(action)!;
    }

    /// <summary>The solution after <paramref name="action"/>.</summary>
    public static async Task<Solution> ApplyAsync(CodeAction action)
    {
        var operations = await action.GetOperationsAsync(CancellationToken.None);
        return operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;
    }

    /// <summary>The compiler's errors on every project.</summary>
    public static async Task<List<Diagnostic>> CompilerErrorsAsync(Solution solution)
    {
        var errors = new List<Diagnostic>();
        foreach (var project in solution.Projects)
        {
            var compilation = (await project.GetCompilationAsync())!;
            errors.AddRange(compilation.GetDiagnostics().Where(diagnostic => diagnostic.Severity == DiagnosticSeverity.Error));
        }

        return errors;
    }

    public static async Task<string> TextOfAsync(Solution solution, string name)
    {
        var document = solution.Projects.SelectMany(project => project.Documents).Single(document => document.Name == name);
        return (await document.GetTextAsync()).ToString();
    }

    private static async Task<Solution> FixAllAsync(Solution solution, CodeFixProvider fixer, string ruleId, List<Diagnostic> diagnostics)
    {
        var first = diagnostics.FirstOrDefault(diagnostic => diagnostic.Location.SourceTree is not null);
        if (first is null || solution.GetDocument(first.Location.SourceTree) is not { } document)
        {
            return solution;
        }

        CodeAction? action = null;
        await fixer.RegisterCodeFixesAsync(new CodeFixContext(document, first, (registered, _) => action ??= registered, CancellationToken.None));
        var provider = fixer.GetFixAllProvider()!;
        var context = new FixAllContext(
            document, fixer, FixAllScope.Solution, action?.EquivalenceKey!, new[] { ruleId }, new GivenDiagnostics(solution, diagnostics), CancellationToken.None);
        if (await provider.GetFixAsync(context) is not { } fixAll)
        {
            return solution;
        }

        return await ApplyAsync(fixAll);
    }

    /// <summary>The diagnostics found at the start of the rule's turn, as dotnet format hands them to Fix All.</summary>
    private sealed class GivenDiagnostics : FixAllContext.DiagnosticProvider
    {
        private readonly Dictionary<ProjectId, List<Diagnostic>> _byProject = new();
        private readonly Solution _solution;

        public GivenDiagnostics(Solution solution, IEnumerable<Diagnostic> diagnostics)
        {
            _solution = solution;
            foreach (var diagnostic in diagnostics)
            {
                var project = solution.GetDocument(diagnostic.Location.SourceTree)!.Project.Id;
                if (!_byProject.TryGetValue(project, out var list))
                {
                    _byProject.Add(project, list = new List<Diagnostic>());
                }

                list.Add(diagnostic);
            }
        }

        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            GetProjectDiagnosticsAsync(project, cancellationToken);

        public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken) =>
            Task.FromResult(_byProject.GetValueOrDefault(document.Project.Id, new List<Diagnostic>())
                .Where(diagnostic => diagnostic.Location.SourceTree?.FilePath == document.FilePath));

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>(_byProject.GetValueOrDefault(project.Id, new List<Diagnostic>()));
    }
}
