using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Engram.Package.Tests;

namespace Engram.Editor.Tests.Lsp;

/// <summary>
/// csharp-ls, from the repository's tool manifest, as an editor runs it: one workspace folder, Roslyn analyzers on
/// (its <c>csharp.analyzersEnabled</c> setting, which it asks for with <c>workspace/configuration</c> once initialized),
/// documents kept in sync with incremental edits, and diagnostics pulled (<c>textDocument/diagnostic</c>), which the
/// server uses instead of publishing them when the client says it supports pulling.
/// </summary>
internal sealed class CSharpLanguageServer : IAsyncDisposable
{
    private static readonly TimeSpan InitializeTimeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(30);

    private readonly LanguageServerProcess _process;
    private readonly JsonRpcConnection _rpc;

    private CSharpLanguageServer(LanguageServerProcess process)
    {
        _process = process;
        _rpc = new JsonRpcConnection(process.FromServer, process.ToServer, AnswerServerRequest, process.Describe);
    }

    /// <summary>How long <c>initialize</c> took, process start included.</summary>
    public TimeSpan StartDuration { get; private set; }

    /// <summary>Starts csharp-ls on <paramref name="workspaceDirectory"/> and completes the LSP handshake.</summary>
    /// <param name="environment">Variables the server's MSBuild needs (the consumer's package folder).</param>
    public static async Task<CSharpLanguageServer> StartAsync(string workspaceDirectory, IReadOnlyDictionary<string, string> environment)
    {
        var stopwatch = Stopwatch.StartNew();
        var startInfo = new ProcessStartInfo("dotnet") { WorkingDirectory = Repository.Root };
        foreach (var argument in new[] { "tool", "run", "csharp-ls", "--", "--loglevel", "info" })
        {
            startInfo.ArgumentList.Add(argument);
        }

        DotnetCli.IsolateFromTestHost(startInfo.Environment);
        foreach (var (name, value) in environment)
        {
            startInfo.Environment[name] = value;
        }

        var server = new CSharpLanguageServer(new LanguageServerProcess(startInfo));
        try
        {
            await server.InitializeAsync(new Uri(workspaceDirectory).AbsoluteUri);
            server.StartDuration = stopwatch.Elapsed;
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    public Task OpenAsync(string path, string text) =>
        _rpc.NotifyAsync("textDocument/didOpen", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = Uri(path), ["languageId"] = "csharp", ["version"] = 1, ["text"] = text },
        });

    /// <summary>Sends edits, applied in order, that make version <paramref name="version"/> of the document.</summary>
    public Task ChangeAsync(string path, int version, IEnumerable<(LspRange Range, string NewText)> changes) =>
        _rpc.NotifyAsync("textDocument/didChange", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = Uri(path), ["version"] = version },
            ["contentChanges"] = new JsonArray(changes.Select(change => (JsonNode)new JsonObject
            {
                ["range"] = Json(change.Range),
                ["text"] = change.NewText,
            }).ToArray()),
        });

    /// <summary>The diagnostics an editor shows for the open document (<c>textDocument/diagnostic</c>).</summary>
    public async Task<IReadOnlyList<LspDiagnostic>> DocumentDiagnosticsAsync(string path, TimeSpan timeout)
    {
        var report = await _rpc.RequestAsync(
            "textDocument/diagnostic",
            new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = Uri(path) } },
            timeout);
        return LspDiagnostic.ReadAll(report.GetProperty("items"));
    }

    /// <summary>Every document's diagnostics in the workspace (<c>workspace/diagnostic</c>, no earlier results), by URI.</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<LspDiagnostic>>> WorkspaceDiagnosticsAsync(TimeSpan timeout)
    {
        var report = await _rpc.RequestAsync("workspace/diagnostic", new JsonObject { ["previousResultIds"] = new JsonArray() }, timeout);
        return report.GetProperty("items").EnumerateArray()
            .Where(item => item.GetProperty("kind").GetString() == "full")
            .ToDictionary(item => item.GetProperty("uri").GetString()!, item => LspDiagnostic.ReadAll(item.GetProperty("items")));
    }

    public static string Uri(string path) => new Uri(path).AbsoluteUri;

    /// <summary>
    /// Asks the server to shut down, as an editor does, then ends its whole process tree: the build host and any MSBuild
    /// nodes it started must not outlive the test and write into the consumer's folder while it is deleted.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await _rpc.RequestAsync("shutdown", null, ShutdownTimeout);
        }
        catch (Exception ex) when (ex is TimeoutException or LspErrorException or System.IO.IOException)
        {
            // Disposal also runs after a failed assertion, whose error a shutdown error must not replace; the server is
            // ended below either way.
        }
        finally
        {
            try
            {
                _process.Dispose();
            }
            finally
            {
                await _rpc.DisposeAsync();
            }
        }
    }

    public string Describe() => _process.Describe();

    private async Task InitializeAsync(string workspaceUri)
    {
        var result = await _rpc.RequestAsync("initialize", new JsonObject
        {
            ["processId"] = Environment.ProcessId,
            ["rootUri"] = workspaceUri,
            ["workspaceFolders"] = new JsonArray(new JsonObject { ["uri"] = workspaceUri, ["name"] = "consumer" }),
            ["capabilities"] = new JsonObject
            {
                ["general"] = new JsonObject { ["positionEncodings"] = new JsonArray("utf-16") },
                ["workspace"] = new JsonObject { ["configuration"] = true, ["workspaceFolders"] = true },
                ["textDocument"] = new JsonObject
                {
                    ["synchronization"] = new JsonObject { ["dynamicRegistration"] = false },
                    ["diagnostic"] = new JsonObject { ["dynamicRegistration"] = false },
                },
            },
        }, InitializeTimeout);
        if (!result.GetProperty("capabilities").TryGetProperty("diagnosticProvider", out _))
        {
            throw new InvalidOperationException($"csharp-ls offers no pull diagnostics (no diagnosticProvider in its capabilities). {Describe()}");
        }

        await _rpc.NotifyAsync("initialized", new JsonObject());
    }

    private static bool AnswerServerRequest(string method, JsonElement parameters, out JsonNode? result)
    {
        switch (method)
        {
            case "workspace/configuration":
                result = new JsonArray(parameters.GetProperty("items").EnumerateArray()
                    .Select(item => item.TryGetProperty("section", out var section) && section.GetString() == "csharp"
                        ? (JsonNode?)new JsonObject { ["analyzersEnabled"] = true }
                        : null)
                    .ToArray());
                return true;
            case "client/registerCapability" or "client/unregisterCapability" or "window/workDoneProgress/create"
                or "workspace/diagnostic/refresh" or "workspace/semanticTokens/refresh":
                result = null;
                return true;
            default:
                result = null;
                return false;
        }
    }

    private static JsonObject Json(LspRange range) => new()
    {
        ["start"] = new JsonObject { ["line"] = range.Start.Line, ["character"] = range.Start.Character },
        ["end"] = new JsonObject { ["line"] = range.End.Line, ["character"] = range.End.Character },
    };
}
