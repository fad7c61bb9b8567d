using System.Threading.Tasks;
using EngramDb;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Notes;

var builder = WebApplication.CreateBuilder(args);
var storePath = builder.Configuration["Store"] ?? "notes.engramdb";

// The store, the repository over it and the worker that indexes notes, as the app registers them.
builder.Services.AddEngramDb(storePath);
builder.Services.AddSingleton<NotesRepository>();
builder.Services.AddHostedService<IndexingWorker>();
builder.Services.AddSingleton<ImportService>();

var app = builder.Build();

app.MapPost("/notes", async (NotesRepository notes, NoteRequest request) =>
{
    var id = notes.Add(request.Text);
    await Task.Delay(1);
    return Results.Ok(notes.Get(id).GetAttribute("content"));
});

app.MapGet("/notes/count", (ThreadSafeAgentContext ctx) => ctx.Db.ListAll().Count);

app.MapGet("/notes/latest", async (ThreadSafeAgentContext ctx) =>
{
    var ids = ctx.Db.ListAll();
    await Task.Yield();
    // After the await the request may go on on another thread.
    return ids.Count == 0 ? null : ctx.Db.Load(ids[ids.Count - 1]).GetAttribute("content");
});

app.MapPost("/import", async (ImportService import, string[] lines) => await import.ImportAsync(lines));

app.Run();

record NoteRequest(string Text);
