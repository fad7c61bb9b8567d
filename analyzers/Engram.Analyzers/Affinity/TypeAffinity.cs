using System.Text;
using Engram.Analyzers.Extensions;
using Microsoft.CodeAnalysis;

namespace Engram.Analyzers.Affinity;

/// <summary>
/// Why a type is thread-affine: it (or a base type or interface) is marked <c>[ThreadAffine]</c> or configured, or
/// its instance state holds a thread-affine value (inferred), which <see cref="HeldIn"/> and <see cref="Held"/> name.
/// </summary>
internal sealed class TypeAffinity
{
    private TypeAffinity(ISymbol? heldIn, HeldAffineValue held)
    {
        HeldIn = heldIn;
        Held = held;
    }

    /// <summary>Marked or configured: the type itself is the handle.</summary>
    public static TypeAffinity Marked { get; } = new(heldIn: null, default);

    /// <summary>The field, auto-property or captured primary-constructor parameter holding the affine value; <see langword="null"/> when marked.</summary>
    public ISymbol? HeldIn { get; }

    /// <summary>What <see cref="HeldIn"/> holds, when inferred.</summary>
    public HeldAffineValue Held { get; }

    public bool IsInferred => HeldIn is not null;

    public static TypeAffinity Inferred(ISymbol heldIn, HeldAffineValue held) => new(heldIn, held);

    /// <summary>
    /// The reason for messages, starting with a space, or empty when the type is marked:
    /// <c> (it holds 'EngramDb.Database' in field '_db')</c>, or along a chain of holders
    /// <c> (it holds 'EngramDb.Database' in '_repo._db')</c>.
    /// </summary>
    public string DescribeWhy(ThreadAffinityContext affinity)
    {
        if (HeldIn is not { } first)
        {
            return string.Empty;
        }

        var path = new StringBuilder(first.Name);
        var steps = 1;
        var held = Held;
        // A chain of holders ends at a marked type; the bound only guards against a cycle in broken code.
        while (steps < 16 && affinity.GetAffinity(held.AffineType) is { HeldIn: { } next } deeper)
        {
            path.Append('.').Append(next.Name);
            held = deeper.Held;
            steps++;
        }

        var place = steps == 1 ? $"{KindOf(first)} '{path}'" : $"'{path}'";
        return $" (it holds '{held.AffineType.ToMessageString()}' in {place})";
    }

    private static string KindOf(ISymbol member) => member switch
    {
        IPropertySymbol => "property",
        IParameterSymbol => "captured parameter",
        _ => "field",
    };
}
