using System.Collections.Immutable;
using System.Linq;
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

    /// <summary><c>this</c> itself, handed on as a value (<c>Save(this)</c>).</summary>
    This,

    /// <summary>The receiver of a method group, as in <c>Task.Run(db.ClearAll)</c>.</summary>
    MethodGroupReceiver,

    /// <summary>
    /// A field or stored property of a method group's receiver that the method uses, as in <c>new Thread(Work)</c>
    /// where <c>Work</c> reads <c>_db</c>.
    /// </summary>
    UsedByMethodGroup,

    /// <summary>
    /// A field or stored property of <c>this</c> used by a method the delegate calls, as in
    /// <c>Task.Run(() =&gt; Drain())</c> where <c>Drain</c> calls <c>Flush</c>, which reads <c>_db</c>.
    /// </summary>
    UsedThroughCall,

    /// <summary>A value the delegate reaches through a delegate or deferred query it runs (<c>query.ToList()</c>, <c>_work()</c>).</summary>
    UsedThroughDelegate,

    /// <summary>A value handed to the sink as state for its callback (<c>ThreadPool.QueueUserWorkItem(cb, db)</c>).</summary>
    State,
}

/// <summary>A thread-affine value used by a delegate that did not create it.</summary>
internal sealed class CapturedAffineValue
{
    public CapturedAffineValue(
        IOperation reference, string name, ITypeSymbol type, CaptureKind kind, IOperation? useInMethod = null, ImmutableArray<string> path = default)
    {
        Reference = reference;
        Name = name;
        Type = type;
        Kind = kind;
        UseInMethod = useInMethod;
        Path = path.IsDefault ? ImmutableArray<string>.Empty : path;
    }

    /// <summary>The use inside the delegate (or the method group, the call, or its receiver); diagnostics go here.</summary>
    public IOperation Reference { get; }

    /// <summary>Where the value is really used when that is elsewhere: in the method a method group or call reaches, in a stored lambda.</summary>
    public IOperation? UseInMethod { get; }

    /// <summary>The captured variable or member, or the receiver's source text for a method group.</summary>
    public string Name { get; }

    public ITypeSymbol Type { get; }

    public CaptureKind Kind { get; }

    /// <summary>The methods, delegates or queries through which the delegate reaches the use, outermost first.</summary>
    public ImmutableArray<string> Path { get; }

    /// <summary>The same use, reached through <paramref name="step"/> and then this capture's path.</summary>
    public CapturedAffineValue Through(IOperation reference, CaptureKind kind, string step) =>
        new(reference, Name, Type, kind, UseInMethod ?? Reference, Path.Insert(0, step));

    /// <summary>For messages: <c> through 'Drain' -&gt; 'Flush'</c>, or empty.</summary>
    public string DescribePath() => DescribePath(Path);

    /// <summary>For messages: <c> through 'Drain' -&gt; 'Flush'</c> for that path of calls, or empty.</summary>
    public static string DescribePath(ImmutableArray<string> path) => path.IsEmpty ? string.Empty : " through " + string.Join(" -> ", path.Select(step => $"'{step}'"));
}
