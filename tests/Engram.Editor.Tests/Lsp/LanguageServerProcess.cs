using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;

namespace Engram.Editor.Tests.Lsp;

/// <summary>
/// A language server run as a child process speaking LSP on its stdin and stdout. Its stderr (the server's log) is
/// kept for failure messages; disposing kills it and every process it started, if it is still running.
/// </summary>
internal sealed class LanguageServerProcess : IDisposable
{
    private const int LogLinesInMessages = 40;
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly List<string> _log = new();

    public LanguageServerProcess(ProcessStartInfo startInfo)
    {
        startInfo.RedirectStandardInput = true;
        startInfo.RedirectStandardOutput = true;
        startInfo.RedirectStandardError = true;
        startInfo.UseShellExecute = false;
        CommandLine = $"{startInfo.FileName} {string.Join(" ", startInfo.ArgumentList)}";
        _process = new Process { StartInfo = startInfo };
        _process.ErrorDataReceived += (_, e) => Record(e.Data);
        _process.Start();
        _process.BeginErrorReadLine();
        FromServer = new BufferedStream(_process.StandardOutput.BaseStream);
        ToServer = _process.StandardInput.BaseStream;
    }

    public string CommandLine { get; }

    public Stream FromServer { get; }

    public Stream ToServer { get; }

    /// <summary>Whether it has exited, with what code, and the end of its log: what a failure message needs.</summary>
    public string Describe()
    {
        string[] tail;
        lock (_log)
        {
            tail = _log.Skip(Math.Max(0, _log.Count - LogLinesInMessages)).ToArray();
        }

        var state = _process.HasExited ? $"`{CommandLine}` exited with code {_process.ExitCode}" : $"`{CommandLine}` is still running";
        return $"{state}; the last {tail.Length} lines of its log:\n{string.Join("\n", tail)}";
    }

    /// <exception cref="TimeoutException">The process did not end after it was killed.</exception>
    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        // Bounded, unlike the parameterless wait, which also waits for every holder of the log pipe to close it.
        var exited = _process.WaitForExit(ExitTimeout);
        _process.Dispose();
        if (!exited)
        {
            throw new TimeoutException($"`{CommandLine}` was still running {ExitTimeout.TotalSeconds:0} s after it was killed.");
        }
    }

    private void Record(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.Add(line);
        }
    }
}
