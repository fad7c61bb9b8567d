using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading.Tasks;

namespace Engram.Demo.Tests.TestSupport;

/// <summary>
/// A web app started as <c>dotnet App.dll --urls http://127.0.0.1:0</c>: Kestrel picks a free loopback port and the
/// address is read from its "Now listening on" line. Everything the server prints is kept; disposing kills it.
/// </summary>
internal sealed class ServerProcess : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly Regex ListeningOn = new(@"Now listening on: (http://127\.0\.0\.1:\d+)", RegexOptions.Compiled);

    private readonly Process _process;
    private readonly StringBuilder _log = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServerProcess(string assemblyPath, string storePath, string[] arguments)
    {
        var startInfo = AppStartInfo.For(
            assemblyPath,
            new[] { "--urls", "http://127.0.0.1:0" }.Concat(arguments),
            new Dictionary<string, string?> { ["ENGRAMDB_PATH"] = storePath });

        _process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) => Record(e.Data);
        _process.ErrorDataReceived += (_, e) => Record(e.Data);
        _process.Exited += (_, _) => _listening.TrySetException(
            new InvalidOperationException($"{assemblyPath} exited with {_process.ExitCode} before it listened. Output:\n{Log}"));
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>The address Kestrel listens on, for example <c>http://127.0.0.1:41235</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Everything the server has printed on stdout and stderr so far.</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>
    /// Starts the app in <paramref name="assemblyPath"/> on the store <paramref name="storePath"/> (<c>ENGRAMDB_PATH</c>),
    /// with any further <paramref name="arguments"/>, and waits until it listens.
    /// </summary>
    public static async Task<ServerProcess> StartAsync(string assemblyPath, string storePath, params string[] arguments)
    {
        var server = new ServerProcess(assemblyPath, storePath, arguments);
        try
        {
            server.BaseAddress = await server._listening.Task.WaitAsync(StartTimeout);
            return server;
        }
        catch (TimeoutException ex)
        {
            server.Dispose();
            throw new TimeoutException($"{assemblyPath} did not listen within {StartTimeout.TotalSeconds} s. Output:\n{server.Log}", ex);
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.WaitForExit();
        _process.Dispose();
    }

    private void Record(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
        }

        var listening = ListeningOn.Match(line);
        if (listening.Success)
        {
            _listening.TrySetResult(new Uri(listening.Groups[1].Value));
        }
    }
}
