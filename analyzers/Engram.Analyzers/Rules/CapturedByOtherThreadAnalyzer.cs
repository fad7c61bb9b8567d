using System.Collections.Generic;
using System.Collections.Immutable;
using Engram.Analyzers.Captures;
using Engram.Analyzers.Extensions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Engram.Analyzers.Rules;

/// <summary>
/// ENG001: a thread-affine value (an EngramDB <c>Database</c>, say) is captured by a delegate that a sink such as
/// <c>Task.Run</c> runs on another thread, where using it panics (EngramDB) or throws <c>CrossThreadAccessException</c>.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CapturedByOtherThreadAnalyzer : DiagnosticAnalyzer
{
    public const string DiagnosticId = "ENG001";

    internal static readonly DiagnosticDescriptor Rule = new(
        DiagnosticId,
        title: "Thread-affine value captured by code that runs on another thread",
        messageFormat: "'{0}' ({1}) is thread-affine but is captured by a delegate passed to '{2}', which runs on another thread",
        RuleCategories.Threading,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A thread-affine handle may only be used on the thread that created it. A delegate given to Task.Run, "
            + "TaskFactory.StartNew, Task.ContinueWith, new Thread, the thread pool, Parallel, PLINQ or a timer runs on another "
            + "thread, so a handle it captures is used from the wrong thread. Get the handle inside the delegate instead, "
            + "for example from EngramThreadSafe.GetThreadSafeContext(path).Db.",
        helpLinkUri: RuleHelp.LinkFor(DiagnosticId));

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterThreadAffinityAnalysis((start, affinity) =>
        {
            var sinks = new OtherThreadSinks(affinity.Types);
            var finder = new AffineCaptureFinder(affinity, sinks, start.Compilation);
            start.RegisterOperationAction(
                operationContext =>
                {
                    if (sinks.IsSink(operationContext.Operation))
                    {
                        ReportCaptures(operationContext, finder.FindCaptures(operationContext.Operation, operationContext.CancellationToken));
                    }
                },
                OperationKind.Invocation,
                OperationKind.ObjectCreation,
                OperationKind.EventAssignment);
        });
    }

    private static void ReportCaptures(OperationAnalysisContext context, List<CapturedAffineValue> captures)
    {
        if (captures.Count == 0)
        {
            return;
        }

        var sink = OtherThreadSinks.Describe(context.Operation);
        foreach (var capture in captures)
        {
            // A method group is reported where it is handed over; the member's use in the method is the related location.
            context.ReportDiagnostic(Diagnostic.Create(
                Rule,
                capture.Reference.Syntax.GetLocation(),
                capture.UseInMethod is { } use ? new[] { use.Syntax.GetLocation() } : null,
                capture.Name,
                capture.Type.ToMessageString(),
                sink));
        }
    }
}
