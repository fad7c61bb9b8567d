using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Engram.Analyzers.Extensions;
using Engram.Analyzers.Symbols;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Engram.Analyzers.AwaitCrossing;

/// <summary>
/// Decides whether the code after an <c>await</c> may run on another thread than the code before it. Built once
/// per compilation.
/// </summary>
/// <remarks>
/// Without a synchronization context (ASP.NET Core, console apps, workers) every await that suspends may resume on
/// any pool thread. Under a single-threaded context (WPF, Windows Forms, or when
/// <c>engram_single_threaded_sync_context = true</c>) a plain await resumes on the context's thread; only an await
/// configured not to continue on the captured context (<c>ConfigureAwait(false)</c>) may resume elsewhere.
/// Awaits of already completed tasks (<c>Task.CompletedTask</c>, <c>Task.FromResult(...)</c> and their
/// <c>ValueTask</c> equivalents) never suspend.
/// </remarks>
internal sealed class AwaitResumption
{
    public const string SingleThreadedContextOptionKey = "engram_single_threaded_sync_context";

    // Declared CompilerVisibleProperty by the package's buildTransitive props.
    private const string UseWpfProperty = "build_property.UseWPF";
    private const string UseWindowsFormsProperty = "build_property.UseWindowsForms";

    // System.Threading.Tasks.ConfigureAwaitOptions (.NET 8) flags.
    private const long ContinueOnCapturedContextFlag = 1;
    private const long ForceYieldingFlag = 4;

    private readonly INamedTypeSymbol? _task;
    private readonly INamedTypeSymbol? _valueTask;
    private readonly INamedTypeSymbol? _valueTaskOfT;
    private readonly AnalyzerConfigOptionsProvider _options;
    private readonly bool _isUiProject;

    public AwaitResumption(WellKnownThreadingTypes types, AnalyzerConfigOptionsProvider options)
    {
        _task = types.Task;
        _valueTask = types.ValueTask;
        _valueTaskOfT = types.ValueTaskOfT;
        _options = options;
        _isUiProject = IsTrue(options.GlobalOptions, UseWpfProperty) || IsTrue(options.GlobalOptions, UseWindowsFormsProperty);
    }

    /// <summary>
    /// True when code in <paramref name="tree"/> runs under a single-threaded synchronization context: the
    /// <c>engram_single_threaded_sync_context</c> setting when present (<c>.editorconfig</c> first, then
    /// <c>.globalconfig</c>), else whether the project is a WPF or Windows Forms project.
    /// </summary>
    public bool HasSingleThreadedContext(SyntaxTree tree)
    {
        if (TryReadBoolean(_options.GetOptions(tree), SingleThreadedContextOptionKey, out var configured)
            || TryReadBoolean(_options.GlobalOptions, SingleThreadedContextOptionKey, out configured))
        {
            return configured;
        }

        return _isUiProject;
    }

    /// <param name="awaitOperation">An await of the control-flow graph, explicit or lowered from <c>await foreach</c> / <c>await using</c>.</param>
    /// <param name="singleThreadedContext">See <see cref="HasSingleThreadedContext"/>.</param>
    /// <param name="capturedValues">The graph's flow captures, to see through the enumerator that <c>await foreach</c> captures.</param>
    [MethodImpl(HotPath.Optimized)]
    public bool MayResumeOnAnotherThread(IAwaitOperation awaitOperation, bool singleThreadedContext, IReadOnlyDictionary<CaptureId, IOperation> capturedValues)
    {
        var awaited = awaitOperation.Operation.WalkDownConversions();
        var configureAwait = FindConfigureAwaitCall(awaited, capturedValues);
        var task = configureAwait is null ? awaited : ConfiguredTask(configureAwait);
        if (task is not null && NeverSuspends(task) && !ConfigureAwaitArgumentHas(configureAwait, ForceYieldingFlag, whenUnknown: true))
        {
            return false;
        }

        return !singleThreadedContext || (configureAwait is not null && !ConfigureAwaitArgumentHas(configureAwait, ContinueOnCapturedContextFlag, whenUnknown: false));
    }

    /// <summary>
    /// The <c>ConfigureAwait</c> call whose result is awaited: directly, or behind the enumerator or disposable that
    /// <c>await foreach</c> and <c>await using</c> capture and call <c>MoveNextAsync</c> / <c>DisposeAsync</c> on.
    /// </summary>
    private static IInvocationOperation? FindConfigureAwaitCall(IOperation awaited, IReadOnlyDictionary<CaptureId, IOperation> capturedValues)
    {
        // awaited -> implicit MoveNextAsync/DisposeAsync -> enumerator capture -> implicit GetAsyncEnumerator -> ConfigureAwait: at most 4 steps.
        const int MaxSteps = 4;
        var current = awaited;
        for (var step = 0; step <= MaxSteps; step++)
        {
            switch (current)
            {
                case IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } call:
                    return call;
                case IInvocationOperation { IsImplicit: true, Instance: { } receiver }:
                    current = receiver.WalkDownConversions();
                    break;
                case IFlowCaptureReferenceOperation reference when capturedValues.TryGetValue(reference.Id, out var captured):
                    current = captured.WalkDownConversions();
                    break;
                default:
                    return null;
            }
        }

        return null;
    }

    /// <summary>The task a <c>ConfigureAwait</c> call configures (its receiver, or the first argument of the extension form).</summary>
    private static IOperation? ConfiguredTask(IInvocationOperation configureAwait) =>
        (configureAwait.Instance ?? (configureAwait.Arguments.Length > 1 ? configureAwait.Arguments[0].Value : null))?.WalkDownConversions();

    /// <summary>
    /// True when the <c>ConfigureAwait</c> argument sets <paramref name="flag"/>: <c>true</c> is
    /// <c>ContinueOnCapturedContext</c>, a <c>ConfigureAwaitOptions</c> constant is tested bit by bit.
    /// </summary>
    private static bool ConfigureAwaitArgumentHas(IInvocationOperation? configureAwait, long flag, bool whenUnknown)
    {
        if (configureAwait is null || configureAwait.Arguments.Length == 0)
        {
            return false;
        }

        var argument = configureAwait.Arguments[configureAwait.Arguments.Length - 1].Value;
        switch (argument.ConstantValue)
        {
            case { HasValue: true, Value: bool continueOnCapturedContext }:
                return flag == ContinueOnCapturedContextFlag && continueOnCapturedContext;
            case { HasValue: true, Value: { } options } when argument.Type?.TypeKind == TypeKind.Enum:
                return (Convert.ToInt64(options, System.Globalization.CultureInfo.InvariantCulture) & flag) != 0;
            default:
                return whenUnknown;
        }
    }

    private bool NeverSuspends(IOperation task) => task switch
    {
        IPropertyReferenceOperation { Property: { IsStatic: true, Name: "CompletedTask" } property } => IsTaskOrValueTask(property.ContainingType),
        IInvocationOperation { TargetMethod: { IsStatic: true, Name: "FromResult" } method } => IsTaskOrValueTask(method.ContainingType),
        IDefaultValueOperation { Type: { } type } => IsValueTask(type),
        IObjectCreationOperation { Type: { } type, Constructor: { } constructor } => IsValueTask(type) && IsResultConstructor(constructor),
        _ => false,
    };

    // new ValueTask() or new ValueTask<T>(T result); the other constructors wrap a Task or an IValueTaskSource.
    private static bool IsResultConstructor(IMethodSymbol constructor) =>
        constructor.Parameters.Length == 0
        || (constructor.Parameters.Length == 1 && constructor.OriginalDefinition.Parameters[0].Type is ITypeParameterSymbol);

    private bool IsTaskOrValueTask(INamedTypeSymbol type) =>
        type.Equals(_task, SymbolEqualityComparer.Default) || type.Equals(_valueTask, SymbolEqualityComparer.Default);

    private bool IsValueTask(ITypeSymbol type) =>
        type.OriginalDefinition.Equals(_valueTask, SymbolEqualityComparer.Default)
        || type.OriginalDefinition.Equals(_valueTaskOfT, SymbolEqualityComparer.Default);

    private static bool IsTrue(AnalyzerConfigOptions options, string key) => TryReadBoolean(options, key, out var value) && value;

    private static bool TryReadBoolean(AnalyzerConfigOptions options, string key, out bool value)
    {
        value = false;
        return options.TryGetValue(key, out var text) && bool.TryParse(text.Trim(), out value);
    }
}
