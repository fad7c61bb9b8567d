using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Xunit;

namespace Engram.Runtime.Tests.TestSupport;

/// <summary>Runs tests/Engram.Runtime.StoreWriter, a second process writing the same store.</summary>
public static class StoreWriterProcess
{
    /// <summary>Starts a writer; it prints "ready" and waits for "go" on its standard input.</summary>
    public static Process Start(string storePath, Guid source, int count, string name)
    {
        var writer = Path.Combine(AppContext.BaseDirectory, "Engram.Runtime.StoreWriter.dll");
        Assert.True(File.Exists(writer), $"'{writer}' is missing: the test project references tests/Engram.Runtime.StoreWriter, which should put it there.");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { writer, storePath, source.ToString(), count.ToString(), name })
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("The writer process did not start.");
    }

    /// <summary>Reads the ids a started writer printed until it exits, and checks that it succeeded.</summary>
    public static List<Guid> ReadIds(Process writer)
    {
        var output = writer.StandardOutput.ReadToEnd();
        var errors = writer.StandardError.ReadToEnd();
        writer.WaitForExit();
        Assert.True(writer.ExitCode == 0, $"The writer process failed with exit code {writer.ExitCode}: {errors}");
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Guid.Parse).ToList();
    }

    /// <summary>Runs a writer to completion and returns the ids of the nodes it saved.</summary>
    public static List<Guid> Run(string storePath, Guid source, int count, string name)
    {
        using var writer = Start(storePath, source, count, name);
        Assert.Equal("ready", writer.StandardOutput.ReadLine());
        writer.StandardInput.WriteLine("go");
        writer.StandardInput.Flush();
        var ids = ReadIds(writer);
        return ids;
    }
}
