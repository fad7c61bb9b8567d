using System;
using System.IO;

namespace Engram.Runtime.Tests.TestSupport;

/// <summary>
/// The EngramDB sample store: a copy of the project's shared fixture (<c>shared/fixtures/engramdb/sample-store</c>)
/// kept in <c>Fixtures/</c> so that a plain clone runs every test, copied next to the test binaries on build.
/// </summary>
public static class SampleStore
{
    public static readonly Guid UserMessage = Guid.Parse("0a7f3c2e-1b4d-4e8a-9c61-5d2f8e9b1a30");
    public static readonly Guid AssistantMessage = Guid.Parse("7c9e6679-7425-40de-944b-e07fc1f90ae7");
    public static readonly Guid Component = Guid.Parse("f47ac10b-58cc-4372-a567-0e02b2c3d479");
    public static readonly Guid Requirement = Guid.Parse("3b241101-e2bb-4255-8caf-4136c566a962");

    public static Guid[] AllIds => new[] { UserMessage, AssistantMessage, Component, Requirement };

    public static string SourcePath { get; } = Locate();

    /// <summary>Copies the sample store into <paramref name="temp"/> and returns the copy's path.</summary>
    public static string CopyTo(TempDirectory temp)
    {
        var target = temp.Child("sample-store");
        foreach (var file in Directory.EnumerateFiles(SourcePath, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(target, Path.GetRelativePath(SourcePath, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }

        return target;
    }

    private static string Locate()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "engramdb", "sample-store");
        return Directory.Exists(path)
            ? path
            : throw new DirectoryNotFoundException($"The sample store was not copied to the test output: '{path}' is missing.");
    }
}
