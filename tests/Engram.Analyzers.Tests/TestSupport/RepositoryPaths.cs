using System;
using System.IO;

namespace Engram.Analyzers.Tests.TestSupport;

/// <summary>Locates files of this repository from the test's output directory.</summary>
public static class RepositoryPaths
{
    private const string SolutionFileName = "Engram.Analyzers.sln";

    public static string Root { get; } = FindRoot();

    public static string RuleDocs => Path.Combine(Root, "docs", "rules");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, SolutionFileName)))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No {SolutionFileName} in {AppContext.BaseDirectory} or any directory above it.");
    }
}
