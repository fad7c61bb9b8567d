using System;
using System.IO;

namespace Engram.Runtime.Benchmarks;

/// <summary>A new, empty directory under the system temp directory, deleted with its contents on <see cref="Dispose"/>.</summary>
internal sealed class TemporaryDirectory : IDisposable
{
    public TemporaryDirectory(string purpose)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"engram-benchmark-{purpose}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
