namespace Engram.Benchmarks.AnalyzerOverhead;

/// <summary>
/// What the generated code compiles against besides the framework: the generator writes it into the projects, and
/// InProcess loads the same assemblies, so both agree on one definition.
/// </summary>
internal static class GeneratedCodeReferences
{
    /// <summary>The runtime assembly's path inside the generated code's folder.</summary>
    public const string RuntimeAssemblyPath = "lib/Engram.Runtime.dll";

    public const string DependencyInjectionPackage = "Microsoft.Extensions.DependencyInjection.Abstractions";

    public const string DependencyInjectionVersion = "8.0.2";
}
