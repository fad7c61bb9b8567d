using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Engram.Demo.Tests.TestSupport;
using Engram.Runtime.Tests.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace Engram.Demo.Tests;

/// <summary>
/// samples/ThreadSafeDemo refuses to start when it cannot serve: a store it cannot use or an address another program
/// holds ends it with one line naming the cause and a non-zero exit code, never with a stack trace or a server that
/// fails every request.
/// </summary>
[Collection(RealServersCollection.Name)]
public sealed class ThreadSafeDemoStartupTests : IDisposable
{
    private const int UnusableStoreExitCode = 2;
    private const int AddressInUseExitCode = 3;

    private static readonly Regex StackFrame = new(@"^\s+at \S+\(", RegexOptions.Multiline);

    private readonly TempDirectory _temp = new();
    private readonly ITestOutputHelper _output;

    public ThreadSafeDemoStartupTests(ITestOutputHelper output)
    {
        _output = output;
    }

    public void Dispose() => _temp.Dispose();

    /// <summary>What can be wrong with a store path.</summary>
    public enum UnusableStore
    {
        RegularFile,
        DirectoryInsideRegularFile,

        /// <summary>An existing directory nothing can write into, even as root: only the demo's write check finds it unusable.</summary>
        ProcFileSystem,
    }

    public static TheoryData<UnusableStore> UnusableStores()
    {
        var data = new TheoryData<UnusableStore> { UnusableStore.RegularFile, UnusableStore.DirectoryInsideRegularFile };
        if (OperatingSystem.IsLinux())
        {
            data.Add(UnusableStore.ProcFileSystem);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(UnusableStores))]
    public async Task UnusableStoreFromEnvironment_StopsBeforeListening_WithOneLineNamingThePath(UnusableStore store)
    {
        var path = UnusablePath(store);

        var exit = await AppRun.UntilExitAsync(DemoApp.AssemblyPath, new[] { "--urls", "http://127.0.0.1:0" }, Environment(path));
        _output.WriteLine(exit.ToString());

        Assert.Equal(UnusableStoreExitCode, exit.ExitCode);
        var line = Assert.Single(Lines(exit.Stderr));
        Assert.StartsWith($"ThreadSafeDemo: cannot use the EngramDB store '{path}' (from ENGRAMDB_PATH): ", line);
        Assert.DoesNotContain("Now listening", exit.Stdout);
        Assert.DoesNotMatch(StackFrame, exit.Stdout + exit.Stderr);
    }

    [Fact]
    public async Task UnusableStoreArgument_StopsBeforeListening_AndNamesTheArgument()
    {
        var path = UnusablePath(UnusableStore.DirectoryInsideRegularFile);

        var exit = await AppRun.UntilExitAsync(
            DemoApp.AssemblyPath,
            new[] { "--urls", "http://127.0.0.1:0", "--store", path },
            Environment(_temp.Child("usable-store-from-environment")));
        _output.WriteLine(exit.ToString());

        Assert.Equal(UnusableStoreExitCode, exit.ExitCode);
        var line = Assert.Single(Lines(exit.Stderr));
        Assert.StartsWith($"ThreadSafeDemo: cannot use the EngramDB store '{path}' (from --store): Cannot create the EngramDB store directory", line);
        Assert.DoesNotContain("Now listening", exit.Stdout);
    }

    [Fact]
    public async Task StoreArgument_TakesPrecedenceOverTheEnvironment()
    {
        var fromEnvironment = _temp.Child("store-from-environment");
        var fromArgument = _temp.Child("store-from-argument");
        using var server = await ServerProcess.StartAsync(DemoApp.AssemblyPath, fromEnvironment, "--store", fromArgument);
        using var client = new HttpClient { BaseAddress = server.BaseAddress };

        using var reply = await client.PostAsJsonAsync("/store", new { text = "kept in the --store directory" });
        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        using var stored = JsonDocument.Parse(await reply.Content.ReadAsStringAsync());
        var id = stored.RootElement.GetProperty("memory_id").GetString()!;

        Assert.True(File.Exists(Path.Combine(fromArgument, id.Substring(0, 2), id + ".json")), $"memory {id} is not in {fromArgument}");
        Assert.False(Directory.Exists(fromEnvironment), $"{fromEnvironment} was created though --store named another store");
        Assert.Contains($"EngramDB store: {fromArgument}", server.Log);
    }

    [Fact]
    public async Task BusyPort_StopsWithOneLineNamingTheAddress_NotAStackTrace()
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var address = $"http://127.0.0.1:{((IPEndPoint)holder.LocalEndpoint).Port}";

        var exit = await AppRun.UntilExitAsync(DemoApp.AssemblyPath, new[] { "--urls", address }, Environment(_temp.Child("store")));
        _output.WriteLine(exit.ToString());

        Assert.Equal(AddressInUseExitCode, exit.ExitCode);
        var line = Assert.Single(Lines(exit.Stderr));
        Assert.Equal(
            $"ThreadSafeDemo: Failed to bind to address {address}: address already in use. Stop the program that uses it, or choose another address with --urls.",
            line);
        Assert.DoesNotContain("Exception", exit.Stdout + exit.Stderr);
        Assert.DoesNotMatch(StackFrame, exit.Stdout + exit.Stderr);
    }

    private string UnusablePath(UnusableStore store)
    {
        if (store == UnusableStore.ProcFileSystem)
        {
            return "/proc";
        }

        var file = _temp.Child("not-a-directory");
        File.WriteAllText(file, "a file where the store should be");
        return store == UnusableStore.RegularFile ? file : Path.Combine(file, "store");
    }

    private static Dictionary<string, string?> Environment(string storePath) => new() { ["ENGRAMDB_PATH"] = storePath };

    private static List<string> Lines(string text) =>
        text.Split('\n').Select(line => line.TrimEnd('\r')).Where(line => line.Length > 0).ToList();
}
