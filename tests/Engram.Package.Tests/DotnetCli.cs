using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text;

namespace Engram.Package.Tests;

/// <summary>Runs the <c>dotnet</c> found on PATH as a child process and keeps everything it prints, in order.</summary>
internal sealed class DotnetCli
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(3);

    private readonly IReadOnlyDictionary<string, string> _environment;

    public DotnetCli(IReadOnlyDictionary<string, string> environment)
    {
        _environment = environment;
    }

    public CommandResult Run(string workingDirectory, params string[] arguments)
    {
        var startInfo = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        IsolateFromTestHost(startInfo.Environment);
        foreach (var (name, value) in _environment)
        {
            startInfo.Environment[name] = value;
        }

        var commandLine = "dotnet " + string.Join(" ", arguments);
        var output = new StringBuilder();
        var stopwatch = Stopwatch.StartNew();
        using var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        if (!process.WaitForExit(CommandTimeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new TimeoutException(
                $"`{commandLine}` in {workingDirectory} did not finish within {CommandTimeout.TotalMinutes} minutes; output so far:\n{Snapshot(output)}");
        }

        // The parameterless overload waits until both redirected streams are drained.
        process.WaitForExit();
        return new CommandResult(commandLine, workingDirectory, process.ExitCode, Snapshot(output), stopwatch.Elapsed);
    }

    /// <summary>
    /// The test host runs under an MSBuild-launched process whose MSBuild variables would point child builds at the
    /// host's own MSBuild state; worker nodes left alive would outlive the test and hold its temp directories.
    /// </summary>
    internal static void IsolateFromTestHost(IDictionary<string, string?> childEnvironment)
    {
        foreach (var name in childEnvironment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            childEnvironment.Remove(name);
        }

        childEnvironment["MSBUILDDISABLENODEREUSE"] = "1";
        childEnvironment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        childEnvironment["DOTNET_NOLOGO"] = "1";
        childEnvironment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static string Snapshot(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }
}

internal sealed record CommandResult(string CommandLine, string WorkingDirectory, int ExitCode, string Output, TimeSpan Duration)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>One line for a test log: the command, its exit code and how long it took.</summary>
    public string Summary => $"{CommandLine}: exit {ExitCode}, {Duration.TotalSeconds:F1} s";

    public override string ToString() =>
        $"`{CommandLine}` in {WorkingDirectory} exited with {ExitCode} after {Duration.TotalSeconds:F1} s; output:\n{Output}";
}
