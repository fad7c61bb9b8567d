using Microsoft.CodeAnalysis;

namespace Engram.Analyzers.Captures;

/// <summary>What a delegate captured.</summary>
internal enum CaptureKind
{
    Local,
    Parameter,

    /// <summary>A field of <c>this</c>.</summary>
    Field,

    /// <summary>A property of <c>this</c> whose getter returns stored state.</summary>
    Property,

    /// <summary>The receiver of a method group, as in <c>Task.Run(db.ClearAll)</c>.</summary>
    MethodGroupReceiver,

    /// <summary>
    /// A field or stored property of a method group's receiver that the method uses, as in <c>new Thread(Work)</c>
    /// where <c>Work</c> reads <c>_db</c>.
    /// </summary>
    UsedByMethodGroup,
}

/// <summary>A thread-affine value used by a delegate that did not create it.</summary>
internal readonly struct CapturedAffineValue
{
    public CapturedAffineValue(IOperation reference, string name, ITypeSymbol type, CaptureKind kind, IOperation? useInMethod = null)
    {
        Reference = reference;
        Name = name;
        Type = type;
        Kind = kind;
        UseInMethod = useInMethod;
    }

    /// <summary>The use inside the delegate (or the method group, or its receiver); diagnostics go here.</summary>
    public IOperation Reference { get; }

    /// <summary>For <see cref="CaptureKind.UsedByMethodGroup"/>: the first use of the member in the method's body.</summary>
    public IOperation? UseInMethod { get; }

    /// <summary>The captured variable or member, or the receiver's source text for a method group.</summary>
    public string Name { get; }

    public ITypeSymbol Type { get; }

    public CaptureKind Kind { get; }
}
