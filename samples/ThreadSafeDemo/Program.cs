using System.Text.Json;
using EngramDb;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ThreadSafeDemo;

// The C# counterpart of EngramDB's flask_threadsafe_demo.py: every request may run on a different thread, so the app
// shares one ThreadSafeAgentContext and each handler works on its thread's own Database handle through it.
// Store: ENGRAMDB_PATH, else ./agent_memory.engramdb. Address: http://localhost:5000 unless --urls says otherwise.
var builder = WebApplication.CreateBuilder(args);
builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
builder.Services.AddEngramDb(chatId: DemoEndpoints.ChatId);
builder.Services.AddHttpClient();
builder.Services.ConfigureHttpJsonOptions(options => options.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower);

var app = builder.Build();
app.UseExceptionHandler(errors => errors.Run(DemoEndpoints.WriteError));
app.MapGet("/", DemoEndpoints.Home);
app.MapGet("/store", DemoEndpoints.Store);
app.MapGet("/messages", DemoEndpoints.Messages);
app.MapGet("/test-concurrent", DemoEndpoints.TestConcurrent);

app.Logger.LogInformation("EngramDB store: {Path}", app.Services.GetRequiredService<ThreadSafeAgentContext>().DbPath);
app.Run();
