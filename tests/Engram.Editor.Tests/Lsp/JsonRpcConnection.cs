using System;
using System.Collections.Concurrent;
using System.IO;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;

namespace Engram.Editor.Tests.Lsp;

/// <summary>Answers a request the server sends to the client.</summary>
/// <returns>Whether the client handles <paramref name="method"/>; unhandled methods get a MethodNotFound error.</returns>
internal delegate bool ServerRequestHandler(string method, JsonElement parameters, out JsonNode? result);

/// <summary>
/// JSON-RPC 2.0 over a pair of streams in LSP framing: requests with their responses matched by id, notifications to
/// the server, and the server's own requests answered by a handler. The server's notifications are not needed and are
/// dropped.
/// </summary>
internal sealed class JsonRpcConnection : IAsyncDisposable
{
    private const int MethodNotFound = -32601;

    private readonly Stream _input;
    private readonly Stream _output;
    private readonly ServerRequestHandler _handleServerRequest;
    private readonly Func<string> _describeServer;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonElement>> _pending = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reading;
    private int _lastId;

    /// <param name="describeServer">What to say about the server when it stops answering (its exit code and log).</param>
    public JsonRpcConnection(Stream fromServer, Stream toServer, ServerRequestHandler handleServerRequest, Func<string> describeServer)
    {
        _input = fromServer;
        _output = toServer;
        _handleServerRequest = handleServerRequest;
        _describeServer = describeServer;
        _reading = Task.Run(ReadLoopAsync);
    }

    /// <summary>Sends a request and waits for its result.</summary>
    /// <exception cref="TimeoutException">No answer within <paramref name="timeout"/>; the message says what was waited for.</exception>
    /// <exception cref="LspErrorException">The server answered with an error.</exception>
    public async Task<JsonElement> RequestAsync(string method, JsonNode? parameters, TimeSpan timeout)
    {
        var id = Interlocked.Increment(ref _lastId);
        var answer = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = answer;
        await SendAsync(Message(method, parameters, id));
        try
        {
            return await answer.Task.WaitAsync(timeout);
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"The language server did not answer '{method}' within {timeout.TotalSeconds:0} s. {_describeServer()}", ex);
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    public Task NotifyAsync(string method, JsonNode? parameters) => SendAsync(Message(method, parameters, id: null));

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        try
        {
            await _reading.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutException or IOException or ObjectDisposedException)
        {
            // The server's output is closed or the read was cancelled: the loop has nothing more to deliver.
        }

        _stop.Dispose();
        _writeLock.Dispose();
    }

    private static JsonObject Message(string method, JsonNode? parameters, int? id)
    {
        var message = new JsonObject { ["jsonrpc"] = "2.0" };
        if (id is { } number)
        {
            message["id"] = number;
        }

        message["method"] = method;
        if (parameters is not null)
        {
            message["params"] = parameters;
        }

        return message;
    }

    private async Task SendAsync(JsonObject message)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(message);
        await _writeLock.WaitAsync(_stop.Token);
        try
        {
            await ContentLengthFraming.WriteAsync(_output, body, _stop.Token);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task ReadLoopAsync()
    {
        Exception? failure = null;
        try
        {
            while (await ContentLengthFraming.ReadAsync(_input, _stop.Token) is { } body)
            {
                using var message = JsonDocument.Parse(body);
                await DispatchAsync(message.RootElement.Clone());
            }
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or JsonException or ObjectDisposedException)
        {
            failure = ex;
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            return;
        }

        var ended = new IOException($"The language server's output ended{(failure is null ? "" : $" ({failure.Message})")}. {_describeServer()}", failure);
        foreach (var answer in _pending.Values)
        {
            answer.TrySetException(ended);
        }
    }

    private async Task DispatchAsync(JsonElement message)
    {
        var hasMethod = message.TryGetProperty("method", out var methodElement);
        var hasId = message.TryGetProperty("id", out var id);
        if (!hasMethod)
        {
            if (hasId && id.ValueKind == JsonValueKind.Number && _pending.TryGetValue(id.GetInt32(), out var answer))
            {
                if (message.TryGetProperty("error", out var error))
                {
                    answer.TrySetException(new LspErrorException(error.GetProperty("code").GetInt32(), error.GetProperty("message").GetString() ?? ""));
                }
                else
                {
                    answer.TrySetResult(message.TryGetProperty("result", out var result) ? result : default);
                }
            }

            return;
        }

        var method = methodElement.GetString() ?? "";
        if (!hasId)
        {
            return;
        }

        var parameters = message.TryGetProperty("params", out var p) ? p : default;
        var reply = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = JsonNode.Parse(id.GetRawText()) };
        if (_handleServerRequest(method, parameters, out var handled))
        {
            reply["result"] = handled;
        }
        else
        {
            reply["error"] = new JsonObject { ["code"] = MethodNotFound, ["message"] = $"The test client does not handle '{method}'." };
        }

        await SendAsync(reply);
    }
}

/// <summary>An LSP request the server answered with an error.</summary>
internal sealed class LspErrorException : Exception
{
    public LspErrorException(int code, string message)
        : base($"The language server answered with error {code}: {message}")
    {
        Code = code;
    }

    public int Code { get; }
}
