using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Engram.Demo.Tests.TestSupport;
using Engram.Package.Tests;
using Engram.Runtime.Tests.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace Engram.Demo.Tests;

/// <summary>
/// samples/Misuse/NaiveWebApp, the demo written the naive way: the analyzers fail its build with all four rules;
/// forced through with the rules lowered to warnings, it throws CrossThreadAccessException in a real server; and
/// <c>dotnet format analyzers</c> fixes it, in at most two passes, into an app that serves the same load.
/// </summary>
[Collection(RealServersCollection.Name)]
public sealed class NaiveWebAppLoadTests
{
    private const string SampleDirectory = "samples/Misuse/NaiveWebApp";
    private static readonly string[] Rules = { "ENG001", "ENG002", "ENG003", "ENG004" };
    private static readonly Regex Reported = new(@"(error|warning) (ENG\d{3})\s*:", RegexOptions.Compiled);

    private readonly ITestOutputHelper _output;

    public NaiveWebAppLoadTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    public async Task NaiveApp_FailsTheBuild_AndForcedThrough_ThrowsCrossThreadAccessUnderLoad()
    {
        using var temp = new TempDirectory();
        var project = temp.Child("NaiveWebApp");
        CopyProjectFiles(Repository.PathOf(SampleDirectory), project);
        var dotnet = new DotnetCli(new Dictionary<string, string> { ["EngramRepoRoot"] = Repository.Root + Path.DirectorySeparatorChar });

        var failedBuild = Step(dotnet, project, "build", "--disable-build-servers");
        Assert.False(failedBuild.Succeeded, $"The naive app built. {failedBuild}");
        Assert.Equal(Rules, ReportedRules(failedBuild.Output, "error"));
        Assert.DoesNotContain("AD0001", failedBuild.Output);

        File.WriteAllText(Path.Combine(project, ".editorconfig"), LowerRulesToWarnings());
        var forcedBuild = Step(dotnet, project, "build", "--disable-build-servers");
        Assert.True(forcedBuild.Succeeded, forcedBuild.ToString());
        Assert.Equal(Rules, ReportedRules(forcedBuild.Output, "warning"));

        using var server = await ServerProcess.StartAsync(
            Path.Combine(project, "bin", "Debug", "net10.0", "NaiveWebApp.dll"), temp.Child("store"));
        var load = await ConcurrentLoad.GetAsync(server.BaseAddress, "/store", total: 400, concurrency: 32);
        _output.WriteLine($"/store: {load}");

        var failed = load.Replies.Count(reply => reply.Status == 500);
        Assert.True(failed > 0, $"No request failed: {load}");
        Assert.Contains("EngramDb.Threading.CrossThreadAccessException", server.Log);
        Assert.Contains("EngramDb.Database is unsendable, but sent to another thread!", server.Log);
        _output.WriteLine($"{failed} of {load.Replies.Count} requests failed; the server logged " +
            $"{Regex.Matches(server.Log, "CrossThreadAccessException").Count} CrossThreadAccessException mentions");
    }

    [Fact]
    public async Task NaiveApp_FixedByDotnetFormat_Builds_AndServesTheLoadWithoutCrossThreadAccess()
    {
        using var temp = new TempDirectory();
        var project = temp.Child("NaiveWebApp");
        CopyProjectFiles(Repository.PathOf(SampleDirectory), project);
        var dotnet = new DotnetCli(new Dictionary<string, string> { ["EngramRepoRoot"] = Repository.Root + Path.DirectorySeparatorChar });
        var program = Path.Combine(project, "Program.cs");

        // dotnet format loads the analyzers and fixes a build has produced.
        Assert.False(Step(dotnet, project, "build", "--disable-build-servers").Succeeded);
        var original = File.ReadAllText(program);
        var format = new[] { "format", "analyzers", "--diagnostics", "ENG001", "ENG002", "ENG003", "ENG004", "--severity", "error" };
        var firstPass = Step(dotnet, project, format);
        Assert.True(firstPass.Succeeded, firstPass.ToString());
        var afterFirstPass = File.ReadAllText(program);
        Assert.NotEqual(original, afterFirstPass);
        var secondPass = Step(dotnet, project, format);
        Assert.True(secondPass.Succeeded, secondPass.ToString());
        var fixedSource = File.ReadAllText(program);
        _output.WriteLine($"Program.cs after dotnet format ({(fixedSource == afterFirstPass ? "the second pass changed nothing" : "changed again by the second pass")}):");
        _output.WriteLine(fixedSource);

        var fixedBuild = Step(dotnet, project, "build", "--disable-build-servers");
        Assert.True(fixedBuild.Succeeded, fixedBuild.ToString());
        Assert.Empty(ReportedRules(fixedBuild.Output, "error"));
        Assert.Empty(ReportedRules(fixedBuild.Output, "warning"));
        // The handlers take the context the container now holds, and read each thread's own handle from it.
        Assert.Contains("AddEngramDb(Store.Path)", fixedSource);
        Assert.Contains("ThreadSafeAgentContext", fixedSource);
        Assert.DoesNotMatch(@"app\.Map\w+\([^\n]*\(Database ", fixedSource);

        using var server = await ServerProcess.StartAsync(
            Path.Combine(project, "bin", "Debug", "net10.0", "NaiveWebApp.dll"), temp.Child("store"));
        var load = await ConcurrentLoad.GetAsync(server.BaseAddress, "/store", total: 400, concurrency: 32);
        _output.WriteLine($"/store: {load}");
        Assert.All(load.Replies, reply => Assert.Equal(200, reply.Status));
        Assert.Equal(400, load.Replies.Select(reply => reply.Body).Distinct().Count());
        var messages = await ConcurrentLoad.GetAsync(server.BaseAddress, "/messages", total: 20, concurrency: 8);
        Assert.All(messages.Replies, reply => Assert.Equal(200, reply.Status));
        Assert.DoesNotContain("CrossThreadAccessException", server.Log);
    }

    private CommandResult Step(DotnetCli dotnet, string project, params string[] arguments)
    {
        var result = dotnet.Run(project, arguments);
        _output.WriteLine($"{result.CommandLine}: exit {result.ExitCode}, {result.Duration.TotalSeconds:F1} s");
        return result;
    }

    private static string[] ReportedRules(string buildOutput, string severity) =>
        Reported.Matches(buildOutput)
            .Where(m => m.Groups[1].Value == severity)
            .Select(m => m.Groups[2].Value)
            .Distinct()
            .Order()
            .ToArray();

    private static string LowerRulesToWarnings() =>
        "root = true\n\n[*.cs]\n" + string.Concat(Rules.Select(rule => $"dotnet_diagnostic.{rule}.severity = warning\n"));

    /// <summary>The project file and sources only: no bin or obj of an earlier build in place.</summary>
    private static void CopyProjectFiles(string source, string destination)
    {
        Directory.CreateDirectory(destination);
        foreach (var file in Directory.GetFiles(source))
        {
            File.Copy(file, Path.Combine(destination, Path.GetFileName(file)));
        }
    }
}
