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
/// samples/Misuse/NaiveWebApp, the demo written the naive way: the analyzers fail its build with all four rules, and
/// forced through with the rules lowered to warnings, it throws CrossThreadAccessException in a real server.
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
