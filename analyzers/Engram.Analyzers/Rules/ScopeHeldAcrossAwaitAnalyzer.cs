using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Engram.Analyzers.Scopes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Engram.Analyzers.Rules;

/// <summary>
/// ENG005: a thread-affine lock or scope (a <c>Mutex</c>, a <c>Monitor</c> lock, a <c>ReaderWriterLockSlim</c>, a
/// <c>SpinLock</c> tracking its owner, pythonnet's GIL, a <c>[ThreadAffineScope]</c> type) is acquired before an
/// <c>await</c> that may resume on another thread and released after it: the release then runs on the wrong thread,
/// where it throws or corrupts the lock. Decided on the control-flow graph by <see cref="HeldLockAnalysis"/>.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ScopeHeldAcrossAwaitAnalyzer : DiagnosticAnalyzer
{
    public const string DiagnosticId = "ENG005";

    internal static readonly DiagnosticDescriptor Rule = new(
        DiagnosticId,
        title: "Thread-affine lock or scope held across an await that may resume on another thread",
        messageFormat: "{0} '{1}' acquired on line {2} is released after the await on line {3}, which may resume on another thread: {4}",
        RuleCategories.Threading,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A Mutex, a Monitor lock, a ReaderWriterLockSlim or ReaderWriterLock, a SpinLock that tracks its owner, "
            + "Python's GIL (pythonnet's Py.GIL()) and [ThreadAffineScope] types belong to the thread that took them. Without a "
            + "single-threaded synchronization context the code after an await continues on whatever thread completed the task, "
            + "so a release after the await runs on the wrong thread: it throws (SynchronizationLockException, ApplicationException) "
            + "or corrupts the lock. Release before the await, or use a lock any thread may release (SemaphoreSlim with WaitAsync).",
        helpLinkUri: RuleHelp.LinkFor(DiagnosticId));

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            if (LockCatalog.TryCreate(start.Compilation, start.Options, start.CancellationToken) is not { } catalog)
            {
                return;
            }

            var search = new HeldLockSearch(catalog);
            start.RegisterOperationAction(
                operationContext => AnalyzeExecutableRoot(operationContext, search),
                OperationKind.MethodBody,
                OperationKind.ConstructorBody,
                OperationKind.FieldInitializer,
                OperationKind.PropertyInitializer);
        });
    }

    [MethodImpl(HotPath.Optimized)]
    private static void AnalyzeExecutableRoot(OperationAnalysisContext context, HeldLockSearch search)
    {
        // The graph is built only for code that awaits and acquires a known lock or scope.
        if (!search.MayHoldAcrossAwait(context.Operation))
        {
            return;
        }

        foreach (var release in search.Find(context.Operation, context.GetControlFlowGraph(), context.CancellationToken))
        {
            var heldLock = release.Lock;
            context.ReportDiagnostic(Diagnostic.Create(
                Rule,
                release.ReportedAt.GetLocation(),
                LockKindText.Describe(heldLock.Kind, heldLock.Mode, heldLock.ScopeType),
                heldLock.Name,
                LineOf(release.Acquisition.Syntax),
                LineOf(release.CrossedAwait.Syntax),
                LockKindText.Advise(heldLock.Kind)));
        }
    }

    private static int LineOf(SyntaxNode node) => node.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
}
