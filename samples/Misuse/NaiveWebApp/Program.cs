using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using EngramDb;
using EngramDb.Embedding;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

// Deliberately wrong: the routes of samples/ThreadSafeDemo, written the way that looks natural. Every request, and
// every continuation after an await, may run on another thread, and each marked line hands a Database to a thread
// that did not create it: the analyzers fail the build, and forced through, requests throw CrossThreadAccessException.
var builder = WebApplication.CreateBuilder(args);

// ENG004: one Database for the whole app, created on the thread of the first request that needs it.
builder.Services.AddSingleton(_ => Database.FileBased(Store.Path));
builder.Services.AddHttpClient();
var app = builder.Build();

app.MapGet("/", (Database db) =>
{
    var threadId = Environment.CurrentManagedThreadId;
    var memoryId = Store.Message(db, "system", $"Home page accessed from thread {threadId}");
    return Results.Content(
        $"<h1>EngramDB naive demo</h1><p>Thread {threadId} stored memory {memoryId}; {Store.Messages(db).Count} messages so far.</p>",
        "text/html; charset=utf-8");
});

app.MapGet("/store", async (Database db) =>
{
    var threadId = Environment.CurrentManagedThreadId;
    var memoryId = Store.Message(db, "user", $"Test message from thread {threadId} at {DateTimeOffset.Now:yyyy-MM-dd HH:mm:ss.fff}");
    await Task.Yield();

    // ENG002: the handle was kept across the await, and the rest of the request may run on another thread.
    var stored = db.Load(memoryId);
    return Results.Json(new { success = true, thread_id = threadId, message = stored.GetAttribute("content"), memory_id = memoryId });
});

app.MapGet("/messages", async (Database db) =>
{
    // ENG001: the handle is captured by code that runs on a thread-pool thread.
    var messages = await Task.Run(() => Store.Messages(db));
    return Results.Json(new { count = messages.Count, messages });
});

app.MapGet("/test-concurrent", async (HttpContext http, IHttpClientFactory clients) =>
{
    var client = clients.CreateClient();
    var url = $"{http.Request.Scheme}://{http.Request.Host}/store";
    var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => client.GetAsync(url)));
    var passed = responses.All(r => r.IsSuccessStatusCode);
    return Results.Content($"<h1>Concurrent test: {(passed ? "PASSED" : "FAILED")}</h1>", "text/html; charset=utf-8");
});

app.Run();

internal static class Store
{
    public static readonly string Path = Environment.GetEnvironmentVariable("ENGRAMDB_PATH") ?? "agent_memory.engramdb";

    // ENG003: a handle in a static field, shared by every thread that reaches this class.
    private static readonly Database Audit = Database.FileBased(Path + "-audit");

    public static Guid Message(Database db, string role, string content)
    {
        var node = new MemoryNode(HashingTextEmbedder.Default.Embed(content));
        node.SetAttribute("memory_type", "message");
        node.SetAttribute("role", role);
        node.SetAttribute("content", content);
        node.SetAttribute("timestamp", DateTime.UtcNow.ToString("o", CultureInfo.InvariantCulture));
        var id = db.Save(node);
        Audit.Save(new MemoryNode(HashingTextEmbedder.Default.Embed($"{role} message {id} stored")));
        return id;
    }

    public static List<object> Messages(Database db) =>
        db.ListAll()
            .Select(db.Load)
            .Where(node => node.GetAttribute("memory_type") as string == "message")
            .Select(node => (object)new
            {
                id = node.Id,
                role = node.GetAttribute("role"),
                content = node.GetAttribute("content"),
                timestamp = node.GetAttribute("timestamp"),
            })
            .ToList();
}
