using System;
using System.IO;
using System.Text.Json;
using EngramDb;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ThreadSafeDemo;

// The C# counterpart of EngramDB's flask_threadsafe_demo.py: every request may run on a different thread, so the app
// shares one ThreadSafeAgentContext and each handler works on its thread's own Database handle through it.
// Store: --store <path>, else ENGRAMDB_PATH, else ./agent_memory.engramdb. Address: http://localhost:5000 unless
// --urls says otherwise.
var builder = WebApplication.CreateBuilder(args);
builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

// A failure to start reaches the code below, which states it in one line (or, when unexpected, the runtime prints it
// with its stack); the host's own log entry would print the same exception a second time.
builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);

ThreadSafeAgentContext store;
try
{
    store = DemoStore.Open(builder.Configuration);
}
catch (UnusableStoreException ex)
{
    return Fail(ExitCode.UnusableStore, ex.Message);
}

// The context AddEngramDb would register, opened and checked first.
builder.Services.AddSingleton(store);
builder.Services.AddHttpClient();
builder.Services.ConfigureHttpJsonOptions(options => options.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower);

var app = builder.Build();
app.UseExceptionHandler(errors => errors.Run(DemoEndpoints.WriteError));
app.MapGet("/", DemoEndpoints.Home);
app.MapGet("/store", DemoEndpoints.Store);
app.MapPost("/store", DemoEndpoints.StoreText);
app.MapGet("/messages", DemoEndpoints.Messages);
app.MapGet("/test-concurrent", DemoEndpoints.TestConcurrent);

app.Logger.LogInformation("EngramDB store: {Path}", store.DbPath);
try
{
    await app.StartAsync();
}
catch (IOException ex) when (ex.InnerException is AddressInUseException)
{
    return Fail(ExitCode.AddressInUse, $"{ex.Message} Stop the program that uses it, or choose another address with --urls.");
}

await app.WaitForShutdownAsync();
return (int)ExitCode.Served;

static int Fail(ExitCode code, string message)
{
    Console.Error.WriteLine($"ThreadSafeDemo: {message}");
    return (int)code;
}
