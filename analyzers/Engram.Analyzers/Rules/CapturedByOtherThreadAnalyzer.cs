using System.Collections.Generic;
using System.Collections.Immutable;
using Engram.Analyzers.Affinity;
using Engram.Analyzers.Captures;
using Engram.Analyzers.Extensions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Engram.Analyzers.Rules;

/// <summary>
/// ENG001: a thread-affine value (an EngramDB <c>Database</c>, say, or a repository holding one) is captured by a
/// delegate that a sink such as <c>Task.Run</c> runs on another thread (<see cref="OtherThreadSinks"/> lists them), or
/// used by a hosted service's <c>ExecuteAsync</c>, where using it panics (EngramDB) or throws
/// <c>CrossThreadAccessException</c>. What counts as captured: <see cref="AffineCaptureFinder"/>.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CapturedByOtherThreadAnalyzer : DiagnosticAnalyzer
{
    public const string DiagnosticId = "ENG001";

    internal static readonly DiagnosticDescriptor Rule = new(
        DiagnosticId,
        title: "Thread-affine value captured by code that runs on another thread",
        messageFormat: "'{0}' ({1}) is thread-affine{2} but is {3}; obtain the value on the thread that uses it (for EngramDB, share a ThreadSafeAgentContext and read its Db there)",
        RuleCategories.Threading,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: Description,
        helpLinkUri: RuleHelp.LinkFor(DiagnosticId));

    private const string Description =
        "A thread-affine handle may only be used on the thread that created it. A delegate given to Task.Run, "
        + "TaskFactory.StartNew, Task.ContinueWith, new Thread, the thread pool, Parallel, PLINQ, a timer, a FileSystemWatcher "
        + "event, CancellationToken.Register or a minimal-API handler runs on another thread, and so does a hosted service's "
        + "ExecuteAsync, so a handle it captures is used from the wrong thread. Get the handle inside the delegate instead, "
        + "for example from EngramThreadSafe.GetThreadSafeContext(path).Db.";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterThreadAffinityAnalysis((start, affinity) =>
        {
            var analysis = CaptureAnalysis.For(affinity, start.Compilation);
            start.RegisterOperationAction(
                operationContext =>
                {
                    if (analysis.Sinks.IsSink(operationContext.Operation))
                    {
                        ReportCaptures(operationContext, affinity, analysis.Captures.FindCaptures(operationContext.Operation, operationContext.CancellationToken));
                    }
                },
                OperationKind.Invocation,
                OperationKind.ObjectCreation,
                OperationKind.EventAssignment);

            if (affinity.Types.BackgroundService is { } backgroundService)
            {
                start.RegisterOperationAction(
                    operationContext => ReportStateUsedByExecuteAsync(operationContext, affinity, analysis.Captures, backgroundService),
                    OperationKind.MethodBody);
            }
        });
    }

    private static void ReportCaptures(OperationAnalysisContext context, ThreadAffinityContext affinity, List<CapturedAffineValue> captures)
    {
        if (captures.Count == 0)
        {
            return;
        }

        var sink = OtherThreadSinks.Describe(context.Operation);
        foreach (var capture in captures)
        {
            // A method group or call is reported where the delegate reaches it; the real use is the related location.
            context.ReportDiagnostic(Diagnostic.Create(
                Rule,
                capture.Reference.Syntax.GetLocation(),
                capture.UseInMethod is { } use ? new[] { use.Syntax.GetLocation() } : null,
                capture.Name,
                capture.Type.ToMessageString(),
                affinity.DescribeWhy(capture.Type),
                $"captured{capture.DescribePath()} by a delegate passed to '{sink}', which runs on another thread"));
        }
    }

    /// <summary>
    /// <c>ExecuteAsync</c> of a <c>BackgroundService</c> runs on the thread pool, while the service's state was made
    /// when the container built it: its affine members are used on another thread, unless the method assigns them itself.
    /// </summary>
    private static void ReportStateUsedByExecuteAsync(
        OperationAnalysisContext context, ThreadAffinityContext affinity, AffineCaptureFinder captures, INamedTypeSymbol backgroundService)
    {
        if (context.ContainingSymbol is not IMethodSymbol { Name: "ExecuteAsync", IsOverride: true } method
            || !method.Overrides(backgroundService))
        {
            return;
        }

        var assigned = context.Operation.AssignedMemberNames();
        foreach (var use in captures.ThisStateUsedBy(method))
        {
            if (assigned.Contains(use.Name))
            {
                continue;
            }

            context.ReportDiagnostic(Diagnostic.Create(
                Rule,
                use.Reference.Syntax.GetLocation(),
                use.UseInMethod is { } deeper ? new[] { deeper.Syntax.GetLocation() } : null,
                use.Name,
                use.Type.ToMessageString(),
                affinity.DescribeWhy(use.Type),
                $"used{use.DescribePath()} by '{method.ContainingType.Name}.{method.Name}', which the host runs on a thread-pool thread, not on the thread that created it"));
        }
    }
}
