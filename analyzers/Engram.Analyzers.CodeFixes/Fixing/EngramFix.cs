using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Engram.Analyzers.CodeFixes.Conversion;
using Engram.Analyzers.CodeFixes.Rewriting;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Engram.Analyzers.CodeFixes.Fixing;

/// <summary>
/// The code fix and Fix All of one rule, built on what the rule's fixer asks for each diagnostic (a
/// <see cref="FixRequest"/>). Equivalence keys are designed for bulk fixing, which takes the key of the first
/// action of whichever diagnostic it meets first (that is what <c>dotnet format</c> does):
/// <list type="bullet">
/// <item>Every ordinary fix of the rule has the key <see cref="DefaultKey"/>, and Fix All with that key, with no key,
/// or with any key but <see cref="PublicApiKey"/>, fixes every diagnostic of the rule that has an ordinary fix, in the
/// document, project or solution, whichever diagnostic it was started from and whether that one had a fix.</item>
/// <item>A fix that changes a member other assemblies see is offered only inside a group of its own (a group has no
/// key), with <see cref="PublicApiKey"/>: bulk fixing never applies it unless asked for that key.</item>
/// </list>
/// All fixes of one Fix All are worked out on the same snapshot and applied together, each node once.
/// </summary>
internal sealed class EngramFix
{
    private readonly Func<FixSession, DocumentContext, Diagnostic, Task<FixRequest?>> _request;

    public EngramFix(string ruleId, string fixAllTitle, Func<FixSession, DocumentContext, Diagnostic, Task<FixRequest?>> request)
    {
        RuleId = ruleId;
        FixAllTitle = fixAllTitle;
        DefaultKey = ruleId;
        PublicApiKey = ruleId + ".ChangesPublicApi";
        _request = request;
        FixAllProvider = new EngramFixAllProvider(this);
    }

    public string RuleId { get; }

    public string FixAllTitle { get; }

    public string DefaultKey { get; }

    public string PublicApiKey { get; }

    public FixAllProvider FixAllProvider { get; }

    public async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var solution = context.Document.Project.Solution;
        var session = new FixSession(solution, context.CancellationToken);
        if (await session.DocumentAsync(context.Document).ConfigureAwait(false) is not { } document)
        {
            return;
        }

        var planner = new ContextConversionPlanner(session);
        foreach (var diagnostic in context.Diagnostics)
        {
            if (await PlanAsync(session, planner, document, diagnostic).ConfigureAwait(false) is not { } fix)
            {
                continue;
            }

            if (fix.PublicMember is { } member)
            {
                var changesApi = CodeAction.Create(
                    $"{fix.Title} (changes the public API: {member.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat)})",
                    token => fix.Edits.ApplyAsync(solution, token),
                    PublicApiKey);
                context.RegisterCodeFix(
                    CodeAction.Create("Change the public API to hold a thread-safe context", ImmutableArray.Create(changesApi), isInlinable: false),
                    diagnostic);
            }
            else
            {
                context.RegisterCodeFix(CodeAction.Create(fix.Title, token => fix.Edits.ApplyAsync(solution, token), DefaultKey), diagnostic);
            }
        }
    }

    private async Task<PlannedFix?> PlanAsync(FixSession session, ContextConversionPlanner planner, DocumentContext document, Diagnostic diagnostic)
    {
        if (await _request(session, document, diagnostic).ConfigureAwait(false) is not { } request)
        {
            return null;
        }

        var edits = new SolutionEdits();
        var publicMember = request.ChangedPublicMember;
        foreach (var seed in request.Seeds)
        {
            var component = await planner.PlanAsync(seed).ConfigureAwait(false);
            if (!component.Succeeded)
            {
                return null;
            }

            publicMember ??= component.PublicMember;
            ConversionEdits.AddTo(edits, component);
        }

        if (request.Edits is { } own)
        {
            edits.AddRange(own);
        }

        return edits.IsEmpty ? null : new PlannedFix(request.Title, edits, publicMember);
    }

    private sealed class PlannedFix
    {
        public PlannedFix(string title, SolutionEdits edits, ISymbol? publicMember)
        {
            Title = title;
            Edits = edits;
            PublicMember = publicMember;
        }

        public string Title { get; }

        public SolutionEdits Edits { get; }

        public ISymbol? PublicMember { get; }
    }

    private sealed class EngramFixAllProvider : FixAllProvider
    {
        private static readonly ImmutableArray<FixAllScope> Scopes = ImmutableArray.Create(FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution);

        private readonly EngramFix _fix;

        public EngramFixAllProvider(EngramFix fix) => _fix = fix;

        public override IEnumerable<FixAllScope> GetSupportedFixAllScopes() => Scopes;

        public override async Task<CodeAction?> GetFixAsync(FixAllContext context)
        {
            var wantsPublicApiChanges = context.CodeActionEquivalenceKey == _fix.PublicApiKey;
            var solution = context.Solution;
            var session = new FixSession(solution, context.CancellationToken);
            var planner = new ContextConversionPlanner(session);
            var edits = new SolutionEdits();
            foreach (var diagnostic in await DiagnosticsInScopeAsync(context).ConfigureAwait(false))
            {
                if (diagnostic.Location.SourceTree is not { } tree
                    || await session.DocumentAsync(tree).ConfigureAwait(false) is not { } document
                    || await _fix.PlanAsync(session, planner, document, diagnostic).ConfigureAwait(false) is not { } fix
                    || (fix.PublicMember is not null) != wantsPublicApiChanges)
                {
                    continue;
                }

                edits.AddRange(fix.Edits);
            }

            return edits.IsEmpty
                ? null
                : CodeAction.Create(_fix.FixAllTitle, token => edits.ApplyAsync(solution, token), wantsPublicApiChanges ? _fix.PublicApiKey : _fix.DefaultKey);
        }

        /// <summary>The rule's diagnostics in the context's scope, in a fixed order (by file, then position), whatever order they came in.</summary>
        private static async Task<List<Diagnostic>> DiagnosticsInScopeAsync(FixAllContext context)
        {
            var diagnostics = new List<Diagnostic>();
            switch (context.Scope)
            {
                case FixAllScope.Document when context.Document is { } document:
                    diagnostics.AddRange(await context.GetDocumentDiagnosticsAsync(document).ConfigureAwait(false));
                    break;
                case FixAllScope.Project:
                    diagnostics.AddRange(await context.GetAllDiagnosticsAsync(context.Project).ConfigureAwait(false));
                    break;
                case FixAllScope.Solution:
                    foreach (var project in context.Solution.Projects)
                    {
                        diagnostics.AddRange(await context.GetAllDiagnosticsAsync(project).ConfigureAwait(false));
                    }

                    break;
            }

            return diagnostics
                .Where(diagnostic => context.DiagnosticIds.Contains(diagnostic.Id) && diagnostic.Location.IsInSource)
                .OrderBy(diagnostic => diagnostic.Location.SourceTree!.FilePath, StringComparer.Ordinal)
                .ThenBy(diagnostic => diagnostic.Location.SourceSpan.Start)
                .ThenBy(diagnostic => diagnostic.Location.SourceSpan.Length)
                .ToList();
        }
    }
}
