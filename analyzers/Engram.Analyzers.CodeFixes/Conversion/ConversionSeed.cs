using Microsoft.CodeAnalysis;

namespace Engram.Analyzers.CodeFixes.Conversion;

/// <summary>What a diagnostic asks a context conversion to start from.</summary>
internal enum ConversionSeedKind
{
    /// <summary>A local, parameter, instance field or auto-property holding a <c>Database</c>.</summary>
    Holder,

    /// <summary>A type of this solution whose instance state holds a handle (inferred thread-affine): every holder in it.</summary>
    AffineType,

    /// <summary>A project's <c>Database</c> service: its registrations and every place the container injects it.</summary>
    Service,
}

/// <summary>
/// Where a <see cref="ContextConversion"/> starts. Every seed of one bug leads to the same conversion, whichever
/// rule reported it: that is what makes the fixes of different rules agree.
/// </summary>
internal sealed class ConversionSeed
{
    private ConversionSeed(ConversionSeedKind kind, ISymbol? symbol, Project project)
    {
        Kind = kind;
        Symbol = symbol;
        Project = project;
    }

    public ConversionSeedKind Kind { get; }

    /// <summary>The holder or the type; <see langword="null"/> for a service.</summary>
    public ISymbol? Symbol { get; }

    /// <summary>The project whose compilation <see cref="Symbol"/> comes from, or whose service it is.</summary>
    public Project Project { get; }

    public static ConversionSeed Holder(ISymbol holder, Project project) => new(ConversionSeedKind.Holder, holder, project);

    public static ConversionSeed AffineType(INamedTypeSymbol type, Project project) => new(ConversionSeedKind.AffineType, type, project);

    public static ConversionSeed Service(Project project) => new(ConversionSeedKind.Service, null, project);
}
