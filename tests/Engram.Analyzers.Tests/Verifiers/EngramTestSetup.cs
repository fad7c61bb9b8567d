using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace Engram.Analyzers.Tests.Verifiers;

/// <summary>What every analyzer and code fix test compiles against: .NET 8 and the Engram runtime.</summary>
public static class EngramTestSetup
{
    public static ReferenceAssemblies ReferenceAssemblies => ReferenceAssemblies.Net.Net80;

    /// <summary>The runtime assembly (EngramDb.Database, PerThread&lt;T&gt;, EngramThreadSafe, ...).</summary>
    public static MetadataReference RuntimeReference { get; } =
        MetadataReference.CreateFromFile(typeof(EngramDb.Database).Assembly.Location);

    /// <summary>
    /// Microsoft.Extensions.DependencyInjection.Abstractions (IServiceCollection, AddSingleton, ...): the runtime depends
    /// on it for AddEngramDb, so every consumer of the runtime has it too.
    /// </summary>
    public static MetadataReference DependencyInjectionReference { get; } =
        MetadataReference.CreateFromFile(typeof(Microsoft.Extensions.DependencyInjection.IServiceCollection).Assembly.Location);

    /// <summary>
    /// Microsoft.Extensions.Hosting.Abstractions (BackgroundService, AddHostedService): what a worker or web app
    /// references for hosted services.
    /// </summary>
    public static MetadataReference HostingReference { get; } =
        MetadataReference.CreateFromFile(typeof(Microsoft.Extensions.Hosting.BackgroundService).Assembly.Location);

    /// <summary>pythonnet's Python.Runtime (<c>Py.GIL()</c>, <c>PythonEngine</c>): compiled against, never run.</summary>
    public static MetadataReference PythonRuntimeReference { get; } =
        MetadataReference.CreateFromFile(typeof(Python.Runtime.Py).Assembly.Location);

    public static void Apply<TVerifier>(AnalyzerTest<TVerifier> test)
        where TVerifier : IVerifier, new()
    {
        test.ReferenceAssemblies = ReferenceAssemblies;
        test.TestState.AdditionalReferences.Add(RuntimeReference);
        test.TestState.AdditionalReferences.Add(DependencyInjectionReference);
        test.TestState.AdditionalReferences.Add(HostingReference);
    }

    /// <summary>
    /// Compiles the test against .NET 10 and ASP.NET Core (minimal APIs, hosting) from the SDK's own targeting packs,
    /// in place of the .NET 8 reference assemblies.
    /// </summary>
    public static void UseAspNetCore<TVerifier>(this AnalyzerTest<TVerifier> test)
        where TVerifier : IVerifier, new()
    {
        test.ReferenceAssemblies = new ReferenceAssemblies("net10.0");

        // The ASP.NET Core pack brings its own dependency injection and hosting abstractions.
        test.TestState.AdditionalReferences.Remove(DependencyInjectionReference);
        test.TestState.AdditionalReferences.Remove(HostingReference);
        test.TestState.AdditionalReferences.AddRange(AspNetCoreReferences());
    }

    /// <summary>The .NET 10 and ASP.NET Core reference assemblies of the SDK's own targeting packs, for hand-built web projects.</summary>
    public static ImmutableArray<MetadataReference> AspNetCoreReferences() =>
        new[] { "Microsoft.NETCore.App.Ref", "Microsoft.AspNetCore.App.Ref" }
            .SelectMany(pack => Directory.GetFiles(TargetingPackDirectory(pack), "*.dll"))
            .Select(assembly => (MetadataReference)MetadataReference.CreateFromFile(assembly))
            .ToImmutableArray();

    /// <summary>Adds an <c>.editorconfig</c> whose <c>[*.cs]</c> section holds <paramref name="lines"/>.</summary>
    public static void AddEditorConfig(this SolutionState state, string lines) =>
        state.AnalyzerConfigFiles.Add(("/.editorconfig", $"root = true\n\n[*.cs]\n{lines}\n"));

    /// <summary>Adds a <c>.globalconfig</c> holding <paramref name="lines"/>.</summary>
    public static void AddGlobalConfig(this SolutionState state, string lines) =>
        state.AnalyzerConfigFiles.Add(("/.globalconfig", $"is_global = true\n{lines}\n"));

    /// <summary>The .NET 8 reference assemblies (downloaded once), for tests that build compilations by hand.</summary>
    public static Task<ImmutableArray<MetadataReference>> ResolveFrameworkReferencesAsync(CancellationToken cancellationToken) =>
        ReferenceAssemblies.ResolveAsync(LanguageNames.CSharp, cancellationToken);

    // <dotnet>/shared/Microsoft.NETCore.App/<version>/ holds the running runtime; the packs sit beside shared/.
    private static string TargetingPackDirectory(string pack)
    {
        var dotnetRoot = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "..", "..", ".."));
        var newest = Directory.GetDirectories(Path.Combine(dotnetRoot, "packs", pack))
            .OrderBy(directory => Version.Parse(Path.GetFileName(directory).Split('-')[0]))
            .Last();
        return Path.Combine(newest, "ref", "net10.0");
    }
}
