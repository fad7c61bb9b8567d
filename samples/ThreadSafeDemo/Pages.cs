using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Text;

namespace ThreadSafeDemo;

/// <summary>The demo's two HTML pages.</summary>
internal static class Pages
{
    public static string Home(int threadId, Guid memoryId, int messageCount) => Document("EngramDB thread-safe demo", $"""
        <h1>EngramDB thread-safe demo</h1>
        <p>This request ran on thread <b>{threadId}</b> and stored memory <code>{memoryId}</code>.</p>
        <p>Messages stored so far: <b>{messageCount}</b>.</p>
        <ul>
          <li><a href="/store">/store</a>: store a test message from the serving thread (POST <code>{Encode(StoreTextRequest.Example)}</code> to store your own)</li>
          <li><a href="/messages">/messages</a>: every stored message, as JSON (<code>?limit=10</code>: the newest 10)</li>
          <li><a href="/test-concurrent">/test-concurrent</a>: send {DemoEndpoints.ConcurrentRequests} requests to /store at once</li>
        </ul>
        """);

    public static string ConcurrentTest(Uri storeUrl, IReadOnlyList<StoreOutcome> outcomes, bool passed)
    {
        var rows = new StringBuilder();
        foreach (var outcome in outcomes)
        {
            var detail = outcome.Result is { } result
                ? $"thread {result.ThreadId}, memory <code>{result.MemoryId}</code>"
                : Encode(outcome.Error ?? string.Empty);
            rows.AppendLine($"<tr><td>{outcome.Number}</td><td>{(outcome.Succeeded ? "ok" : "failed")}</td><td>{detail}</td></tr>");
        }

        var threads = outcomes.Where(o => o.Result is not null).Select(o => o.Result!.ThreadId).Distinct().Count();
        var verdict = passed ? "PASSED" : "FAILED";
        return Document($"Concurrent test {verdict}", $"""
            <h1>Concurrent test: {verdict}</h1>
            <p>{outcomes.Count(o => o.Succeeded)} of {outcomes.Count} parallel requests to <code>{Encode(storeUrl.ToString())}</code> succeeded, served by {threads} thread(s).</p>
            <table border="1" cellpadding="4">
              <tr><th>#</th><th>result</th><th>detail</th></tr>
            {rows}</table>
            <p><a href="/">home</a> · <a href="/messages">messages</a></p>
            """);
    }

    private static string Document(string title, string body) => $"""
        <!DOCTYPE html>
        <html>
        <head><meta charset="utf-8"><title>{Encode(title)}</title></head>
        <body>
        {body}</body>
        </html>
        """;

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
