using Microsoft.CodeAnalysis;

namespace Engram.Analyzers.Affinity;

/// <summary>How a variable's type keeps a thread-affine value.</summary>
internal enum AffineHolderKind
{
    /// <summary>The type itself is thread-affine.</summary>
    Direct,

    /// <summary>A <c>Lazy&lt;T&gt;</c> whose value holds a thread-affine value.</summary>
    Lazy,

    /// <summary>An <c>AsyncLocal&lt;T&gt;</c>, whose value flows with the execution context to other threads.</summary>
    AsyncLocal,

    /// <summary>An array, collection, dictionary or other generic type with a thread-affine element or type argument.</summary>
    Container,
}

/// <summary>A thread-affine type found in a variable's type, and how the variable holds it.</summary>
internal readonly struct HeldAffineValue
{
    public HeldAffineValue(AffineHolderKind kind, ITypeSymbol affineType)
    {
        Kind = kind;
        AffineType = affineType;
    }

    public AffineHolderKind Kind { get; }

    public ITypeSymbol AffineType { get; }
}
