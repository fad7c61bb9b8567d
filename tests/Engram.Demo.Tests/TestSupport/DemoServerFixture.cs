using System;
using System.Net.Http;
using System.Threading.Tasks;
using Engram.Runtime.Tests.TestSupport;
using Xunit;

namespace Engram.Demo.Tests.TestSupport;

/// <summary>One running samples/ThreadSafeDemo, on a fresh store, shared by the tests of a class.</summary>
public sealed class DemoServerFixture : IAsyncLifetime
{
    private readonly TempDirectory _temp = new();
    private ServerProcess? _server;

    public string StorePath => _temp.Child("store");

    internal ServerProcess Server => _server ?? throw new InvalidOperationException("The demo server has not started.");

    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _server = await ServerProcess.StartAsync(DemoApp.AssemblyPath, StorePath);
        Client = new HttpClient { BaseAddress = _server.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Task DisposeAsync()
    {
        Client?.Dispose();
        _server?.Dispose();
        _temp.Dispose();
        return Task.CompletedTask;
    }
}
