using System;
using System.IO;
using System.Linq;
using System.Reflection;

namespace Engram.Package.Tests;

/// <summary>Paths in the repository these tests were built from (recorded at build time by the project file).</summary>
internal static class Repository
{
    public static string Root { get; } = ReadRoot();

    public static string PathOf(string relativePath) => Path.Combine(Root, relativePath);

    private static string ReadRoot()
    {
        var root = typeof(Repository).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "RepositoryRoot").Value
            ?? throw new InvalidOperationException("The RepositoryRoot assembly metadata has no value.");
        if (!File.Exists(Path.Combine(root, "Engram.Analyzers.sln")))
        {
            throw new DirectoryNotFoundException($"No Engram.Analyzers.sln in the recorded repository root '{root}'.");
        }

        return root;
    }
}
