using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Engram.Analyzers.AwaitCrossing;

/// <summary>A use of a thread-affine value that may run on another thread than the one it was obtained on.</summary>
internal readonly struct StaleAffineUse
{
    public StaleAffineUse(IOperation value, string name, IAwaitOperation crossedAwait, bool crossesSeveralAwaits)
    {
        Value = value;
        Name = name;
        CrossedAwait = crossedAwait;
        CrossesSeveralAwaits = crossesSeveralAwaits;
    }

    /// <summary>The read of the value (a variable or member reference, or the expression that produced it); diagnostics go here.</summary>
    public IOperation Value { get; }

    /// <summary>The variable or member read, or the source text of the expression.</summary>
    public string Name { get; }

    /// <summary>The first await, in source order, that some path crosses between obtaining and using the value.</summary>
    public IAwaitOperation CrossedAwait { get; }

    /// <summary>True when other paths cross other awaits too.</summary>
    public bool CrossesSeveralAwaits { get; }
}
