using System.Linq;
using Engram.Analyzers.Extensions;
using Engram.Analyzers.Symbols;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Engram.Analyzers.CodeFixes.Rewriting;

/// <summary>The framework members <see cref="SemaphoreSlimRewrite"/> recognises; <see langword="null"/> without <c>SemaphoreSlim</c>.</summary>
internal sealed class SemaphoreSlimSymbols
{
    private readonly INamedTypeSymbol? _mutex;
    private readonly INamedTypeSymbol? _waitHandle;
    private readonly INamedTypeSymbol? _monitor;

    private SemaphoreSlimSymbols(Compilation compilation, INamedTypeSymbol semaphoreSlim)
    {
        SemaphoreSlim = semaphoreSlim;
        _mutex = compilation.GetBestTypeByMetadataName(MetadataNames.Mutex);
        _waitHandle = compilation.GetBestTypeByMetadataName(MetadataNames.WaitHandle);
        _monitor = compilation.GetBestTypeByMetadataName(MetadataNames.Monitor);
    }

    public INamedTypeSymbol SemaphoreSlim { get; }

    public static SemaphoreSlimSymbols? TryResolve(Compilation compilation) =>
        compilation.GetBestTypeByMetadataName(MetadataNames.SemaphoreSlim) is { } semaphoreSlim ? new SemaphoreSlimSymbols(compilation, semaphoreSlim) : null;

    /// <summary>The lock object of a <c>ReleaseMutex()</c> or <c>Monitor.Exit(obj)</c> call.</summary>
    public IOperation? LockOf(IInvocationOperation call) => call.TargetMethod switch
    {
        { Name: "ReleaseMutex" } method when Is(method.ContainingType, _mutex) => call.Instance,
        { Name: "Exit", Parameters.Length: 1 } method when Is(method.ContainingType, _monitor) => call.Arguments[0].Value,
        _ => null,
    };

    /// <summary><c>new Mutex()</c>, <c>new Mutex(false)</c> or <c>new object()</c>.</summary>
    public bool IsUnnamedUnownedLock(IObjectCreationOperation creation) => creation switch
    {
        { Type.SpecialType: SpecialType.System_Object, Arguments.Length: 0 } => true,
        { Type: var type, Arguments: var arguments } when Is(type, _mutex) =>
            arguments.Length == 0 || (arguments.Length == 1 && arguments[0].Value.ConstantValue is { HasValue: true, Value: false }),
        _ => false,
    };

    /// <summary>True for an acquisition the rewrite keeps the meaning of, false for a release, <see langword="null"/> for anything else.</summary>
    public bool? Classify(IInvocationOperation call)
    {
        var method = call.TargetMethod;
        var takesTimeoutOnly = method.Parameters.All(parameter => parameter.RefKind == RefKind.None
            && parameter.Type.SpecialType is SpecialType.System_Int32 or SpecialType.System_Object
                || parameter.Type.Name == "TimeSpan");
        if (Is(method.ContainingType, _waitHandle) && method.Name == "WaitOne" && !method.IsStatic && method.Parameters.Length <= 1 && takesTimeoutOnly)
        {
            return true;
        }

        if (Is(method.ContainingType, _mutex) && method.Name == "ReleaseMutex")
        {
            return false;
        }

        if (Is(method.ContainingType, _monitor) && takesTimeoutOnly)
        {
            return method.Name switch
            {
                "Enter" when method.Parameters.Length == 1 => true,
                "TryEnter" when method.Parameters.Length <= 2 => true,
                "Exit" => false,
                _ => null,
            };
        }

        return null;
    }

    private static bool Is(ITypeSymbol? type, INamedTypeSymbol? expected) =>
        expected is not null && expected.Equals(type?.OriginalDefinition, SymbolEqualityComparer.Default);
}
