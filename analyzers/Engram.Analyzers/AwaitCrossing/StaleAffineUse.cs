using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Engram.Analyzers.AwaitCrossing;

/// <summary>A use of a thread-affine value that may run on another thread than the one it was obtained on.</summary>
internal readonly struct StaleAffineUse
{
    public StaleAffineUse(
        IOperation value, string name, ITypeSymbol? type, ImmutableArray<string> path, IOperation crossedAwait, bool crossesSeveralAwaits,
        ImmutableArray<IOperation> otherUses = default)
    {
        Value = value;
        Name = name;
        Type = type;
        Path = path;
        CrossedAwait = crossedAwait;
        CrossesSeveralAwaits = crossesSeveralAwaits;
        OtherUses = otherUses.IsDefault ? ImmutableArray<IOperation>.Empty : otherUses;
    }

    /// <summary>The first read of the value (a variable or member reference, the expression that produced it, or a call using it); diagnostics go here.</summary>
    public IOperation Value { get; }

    /// <summary>The variable or member read, or the source text of the expression.</summary>
    public string Name { get; }

    /// <summary>The value's type, for messages.</summary>
    public ITypeSymbol? Type { get; }

    /// <summary>The calls of methods of <c>this</c> through which the member is used, outermost first.</summary>
    public ImmutableArray<string> Path { get; }

    /// <summary>
    /// The first resumption point, in source order, that some path crosses between obtaining and using the value:
    /// an await, or a <c>yield return</c> of an async iterator.
    /// </summary>
    public IOperation CrossedAwait { get; }

    /// <summary>True when other paths cross other awaits too.</summary>
    public bool CrossesSeveralAwaits { get; }

    /// <summary>The later uses of the same value after the same await: one bug, reported once with these as additional locations.</summary>
    public ImmutableArray<IOperation> OtherUses { get; }

    public bool IsAfterYield => CrossedAwait is IReturnOperation;

    public StaleAffineUse WithOtherUses(ImmutableArray<IOperation> otherUses) =>
        new(Value, Name, Type, Path, CrossedAwait, CrossesSeveralAwaits, otherUses);
}
