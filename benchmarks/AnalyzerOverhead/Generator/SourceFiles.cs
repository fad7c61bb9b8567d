using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace Engram.Benchmarks.AnalyzerOverhead.Generator;

/// <summary>
/// The text of each generated source file. Nothing is marked as generated (no <c>&lt;auto-generated&gt;</c> header,
/// no <c>.g.cs</c> names): analyzers skip generated code, and the point is to make them look at all of it.
/// </summary>
internal static class SourceFiles
{
    private const string SystemUsings = """
        using System;
        using System.Collections.Concurrent;
        using System.Collections.Generic;
        using System.Collections.ObjectModel;
        using System.Diagnostics;
        using System.Globalization;
        using System.IO;
        using System.Linq;
        using System.Threading;
        using System.Threading.Tasks;
        """;

    private const string EngramUsings = """
        using EngramDb;
        using EngramDb.Threading;
        """;

    /// <summary>The file's path relative to the source root, and its text.</summary>
    /// <param name="index">The file's number, from 0.</param>
    /// <param name="totalFiles">How many files are generated (a module's registration names only files that exist).</param>
    public static (string RelativePath, string Text) For(int index, int totalFiles)
    {
        var c = new FileContext(index);
        var folder = $"Module{Names.Module(index):D3}";
        return FileKinds.Of(index) switch
        {
            FileKind.ModuleRegistration => ($"{folder}/{Names.ModuleRegistration(Names.Module(index))}.cs", ModuleRegistration(Names.Module(index), Math.Min(index + Names.FilesPerModule, totalFiles))),
            FileKind.PlainService => ($"{folder}/{c.Service}.cs", PlainService(c)),
            FileKind.AgentMemory => ($"{folder}/{Names.AgentMemory(index)}.cs", AgentMemory(c)),
            FileKind.AffineSurface => ($"{folder}/{Names.AffineSurface(index)}.cs", AffineSurface(c)),
            _ => throw new InvalidOperationException($"No template for file {index}."),
        };
    }

    /// <summary>Registers every module's services; <paramref name="totalFiles"/> is the generated file count.</summary>
    public static string Composition(int totalFiles)
    {
        var modules = (totalFiles + Names.FilesPerModule - 1) / Names.FilesPerModule;
        var calls = string.Concat(Enumerable.Range(0, modules).Select(m =>
            $"        services.{Names.AddModuleMethod(m)}(storePath);\n"));
        return $$"""
            using Microsoft.Extensions.DependencyInjection;

            namespace Contoso.Platform;

            public static class PlatformComposition
            {
                public static IServiceCollection AddPlatform(this IServiceCollection services, string storePath)
                {
                    services.AddEngramDb(storePath, "platform");
            {{calls}}        return services;
                }
            }

            """;
    }

    /// <summary>The application's own copy of the marker attribute: the analyzer matches any attribute of this name.</summary>
    public const string UiAttribute = """
        using System;

        namespace Contoso.Ui;

        [AttributeUsage(AttributeTargets.Class | AttributeTargets.Interface, Inherited = true)]
        public sealed class ThreadAffineAttribute : Attribute
        {
        }

        """;

    private static string PlainService(FileContext c)
    {
        var members = new List<string> { ServiceMembers.SharedState(c) };
        if (c.UpstreamInterface is { } upstream)
        {
            members.Add(ServiceMembers.Forward(c, upstream));
        }

        members.AddRange(c.Pick(ServiceMembers.Pool, 6).Select(member => member(c)));
        return File(c, withEngram: false, $$"""
            public interface {{c.ServiceInterface}}
            {
                Task<int> ProcessAsync(IReadOnlyList<{{c.Record}}> items, CancellationToken cancellationToken);
            }

            {{Class($"{c.Service} : {c.ServiceInterface}", members)}}
            """);
    }

    private static string AgentMemory(FileContext c)
    {
        var members = new List<string> { AgentMemoryMembers.Constructor(c), ServiceMembers.SharedState(c) };
        members.AddRange(c.Pick(AgentMemoryMembers.Pool, 7).Select(member => member(c)));
        members.AddRange(c.Pick(ServiceMembers.Pool, 2).Select(member => member(c)));
        return File(c, withEngram: true, Class(Names.AgentMemory(c.Index), members));
    }

    private static string AffineSurface(FileContext c)
    {
        var surfaceMembers = c.Pick(AffineSurfaceMembers.Pool, 4).ToList();
        var members = new List<string> { ServiceMembers.SharedState(c), AffineSurfaceMembers.Render(c) };
        members.AddRange(surfaceMembers.Select(member => member(c)));
        members.AddRange(c.Pick(ServiceMembers.Pool, 3).Select(member => member(c)));

        // A public renderer that keeps a surface in a field is thread-affine, and as library code says so (ENG006).
        var renderer = Class(Names.SurfaceRenderer(c.Index), members);
        if (surfaceMembers.Contains(AffineSurfaceMembers.ShowStatus))
        {
            renderer = $"[{AffineSurfaceMembers.Attribute(c)}]\n" + renderer;
        }

        return File(c, withEngram: true, AffineSurfaceMembers.SurfaceType(c) + "\n\n" + renderer);
    }

    private static string ModuleRegistration(int module, int endIndex)
    {
        var lines = new StringBuilder();
        for (var index = module * Names.FilesPerModule + 1; index < endIndex; index++)
        {
            lines.Append(FileKinds.Of(index) switch
            {
                FileKind.PlainService => (index % 3) switch
                {
                    0 => $"        services.AddSingleton<{Qualified(index, Names.ServiceInterface(index))}, {Qualified(index, Names.Service(index))}>();\n",
                    1 => $"        services.AddScoped<{Qualified(index, Names.ServiceInterface(index))}, {Qualified(index, Names.Service(index))}>();\n",
                    _ => $"        services.AddTransient<{Qualified(index, Names.ServiceInterface(index))}, {Qualified(index, Names.Service(index))}>();\n",
                },
                FileKind.AgentMemory => $"        services.AddScoped<{Qualified(index, Names.AgentMemory(index))}>();\n",
                FileKind.AffineSurface =>
                    $"        services.AddTransient<{Qualified(index, Names.AffineSurface(index))}>();\n"
                    + $"        services.AddScoped<{Qualified(index, Names.SurfaceRenderer(index))}>();\n",
                _ => throw new InvalidOperationException($"File {index} is not a service."),
            });
        }

        return $$"""
            using System;
            using EngramDb;
            using Microsoft.Extensions.DependencyInjection;

            namespace Contoso.Platform;

            public static class {{Names.ModuleRegistration(module)}}
            {
                public static IServiceCollection {{Names.AddModuleMethod(module)}}(this IServiceCollection services, string storePath)
                {
                    ArgumentNullException.ThrowIfNull(services);
                    services.AddSingleton(_ => EngramThreadSafe.GetThreadSafeContext(storePath, "module-{{module:D3}}"));
            {{lines}}        return services;
                }
            }

            """;
    }

    private static string Qualified(int index, string typeName) => $"global::{Names.Namespace(index)}.{typeName}";

    private static string Class(string declaration, IEnumerable<string> members) =>
        $"public sealed class {declaration}\n{{\n{string.Join("\n\n", members)}\n}}";

    private static string File(FileContext c, bool withEngram, string body) =>
        $"{SystemUsings}\n{(withEngram ? EngramUsings + "\n" : string.Empty)}\nnamespace {c.Namespace};\n\n"
        + $"public sealed record {c.Record}(int Id, string Name, decimal Amount, DateTimeOffset CreatedAt, IReadOnlyList<string> Tags);\n\n"
        + body + "\n";
}
