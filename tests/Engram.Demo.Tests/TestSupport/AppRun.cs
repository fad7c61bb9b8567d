using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading.Tasks;

namespace Engram.Demo.Tests.TestSupport;

/// <summary>A web app run until it exits by itself, as it must when it cannot serve.</summary>
internal static class AppRun
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(30);

    /// <exception cref="TimeoutException">The app still ran after the timeout (it was killed); the message has its output.</exception>
    public static async Task<AppExit> UntilExitAsync(string assemblyPath, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string?> environment)
    {
        using var process = new Process { StartInfo = AppStartInfo.For(assemblyPath, arguments, environment) };
        process.Start();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(ExitTimeout);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new TimeoutException(
                $"{assemblyPath} {string.Join(" ", arguments)} was still running after {ExitTimeout.TotalSeconds} s; it should have exited. " +
                $"stdout:\n{await stdout}\nstderr:\n{await stderr}");
        }

        return new AppExit(process.ExitCode, await stdout, await stderr);
    }
}

internal sealed record AppExit(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit code {ExitCode}; stdout:\n{Stdout}\nstderr:\n{Stderr}";
}
