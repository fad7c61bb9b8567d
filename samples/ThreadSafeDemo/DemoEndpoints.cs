using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using EngramDb;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace ThreadSafeDemo;

/// <summary>
/// The demo's routes. Each handler takes the shared <see cref="ThreadSafeAgentContext"/> and reaches the store through it
/// after every await, never through a <see cref="Database"/> kept from before one.
/// </summary>
internal static class DemoEndpoints
{
    /// <summary>The conversation every message of the demo belongs to, so <c>/messages</c> lists all of them.</summary>
    public const string ChatId = "threadsafe-demo";

    /// <summary>How many requests <c>/test-concurrent</c> sends to <c>/store</c> at once.</summary>
    public const int ConcurrentRequests = 10;

    public static async Task Home(HttpContext http, ThreadSafeAgentContext ctx)
    {
        var threadId = Environment.CurrentManagedThreadId;
        var memoryId = ctx.StoreMessage("system", $"Home page accessed from thread {threadId}");
        var messageCount = ctx.GetChatHistory(int.MaxValue).Count;
        await WriteHtml(http, Pages.Home(threadId, memoryId, messageCount));
    }

    public static Task<IResult> Store(ThreadSafeAgentContext ctx) =>
        StoreAndReadBack(ctx, $"Test message from thread {Environment.CurrentManagedThreadId} at {DateTimeOffset.Now:yyyy-MM-dd HH:mm:ss.fff}");

    public static async Task<IResult> StoreText(HttpRequest request, ThreadSafeAgentContext ctx)
    {
        var (text, problem) = await StoreTextRequest.ReadAsync(request);

        // The body was read asynchronously: the store is reached through ctx again, on whatever thread this now is.
        return problem is null ? await StoreAndReadBack(ctx, text!) : Refuse(problem);
    }

    public static IResult Messages(HttpRequest request, ThreadSafeAgentContext ctx)
    {
        if (!MessageLimit.TryRead(request.Query, out var limit, out var problem))
        {
            return Refuse(problem!);
        }

        var messages = ctx.GetChatHistory(limit ?? int.MaxValue);
        return Results.Json(new MessageList(messages.Count, messages));
    }

    public static async Task TestConcurrent(HttpContext http, ThreadSafeAgentContext ctx, IHttpClientFactory clients, IOptions<JsonOptions> json)
    {
        // The server's own address, never the Host header: a client must not be able to send these requests elsewhere.
        var storeUrl = new Uri(http.Connection.LocalBaseAddress(http.Request.Scheme), "/store");
        var client = clients.CreateClient();
        var outcomes = await Task.WhenAll(Enumerable.Range(1, ConcurrentRequests)
            .Select(number => CallStore(client, storeUrl, number, json.Value.SerializerOptions, http.RequestAborted)));

        var succeeded = outcomes.Count(outcome => outcome.Succeeded);
        var passed = succeeded == outcomes.Length;
        ctx.StoreMessage("system", $"Concurrent test {(passed ? "PASSED" : "FAILED")}: {succeeded} of {outcomes.Length} requests to /store succeeded");
        await WriteHtml(http, Pages.ConcurrentTest(storeUrl, outcomes, passed));
    }

    /// <summary>Answers a request whose handler threw: status 500 and the error, which the middleware has already logged.</summary>
    public static Task WriteError(HttpContext http)
    {
        var error = http.Features.GetRequiredFeature<IExceptionHandlerFeature>().Error;
        http.Response.StatusCode = StatusCodes.Status500InternalServerError;
        return http.Response.WriteAsJsonAsync(new ErrorResult(false, $"{error.GetType().FullName}: {error.Message}"));
    }

    private static async Task<IResult> StoreAndReadBack(ThreadSafeAgentContext ctx, string content)
    {
        var threadId = Environment.CurrentManagedThreadId;
        var memoryId = ctx.StoreMessage("user", content);

        // Stands in for the I/O a real handler awaits (a model call, a downstream API): the rest of the request may
        // continue on another pool thread, so the message is read back through that thread's own handle.
        await Task.Yield();
        var stored = ctx.Db.Load(memoryId);

        return Results.Json(new StoreResult(true, threadId, (string)stored.GetAttribute("content")!, memoryId));
    }

    private static IResult Refuse(InputProblem problem) =>
        Results.Json(new ErrorResult(false, problem.Message), statusCode: problem.Status);

    private static async Task<StoreOutcome> CallStore(HttpClient client, Uri url, int number, JsonSerializerOptions json, CancellationToken cancellation)
    {
        try
        {
            using var response = await client.GetAsync(url, cancellation);
            var body = await response.Content.ReadAsStringAsync(cancellation);
            if (!response.IsSuccessStatusCode)
            {
                return new StoreOutcome(number, null, $"HTTP {(int)response.StatusCode}: {body}");
            }

            var result = JsonSerializer.Deserialize<StoreResult>(body, json);
            return result is { Success: true }
                ? new StoreOutcome(number, result, null)
                : new StoreOutcome(number, null, $"unexpected answer: {body}");
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException)
        {
            return new StoreOutcome(number, null, $"{ex.GetType().Name}: {ex.Message}");
        }
    }

    private static Task WriteHtml(HttpContext http, string html)
    {
        http.Response.ContentType = "text/html; charset=utf-8";
        return http.Response.WriteAsync(html, http.RequestAborted);
    }
}

/// <summary>The JSON answer of <c>/store</c>.</summary>
internal sealed record StoreResult(bool Success, int ThreadId, string Message, Guid MemoryId);

/// <summary>The JSON answer of <c>/messages</c>, newest first.</summary>
internal sealed record MessageList(int Count, IReadOnlyList<ChatMessage> Messages);

/// <summary>The JSON answer of a request that failed.</summary>
internal sealed record ErrorResult(bool Success, string Error);

/// <summary>What became of one of <c>/test-concurrent</c>'s requests: the answer, or why there was none.</summary>
internal sealed record StoreOutcome(int Number, StoreResult? Result, string? Error)
{
    public bool Succeeded => Result is not null;
}
