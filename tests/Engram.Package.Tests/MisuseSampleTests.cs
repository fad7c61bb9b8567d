using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Xunit;
using Xunit.Abstractions;

namespace Engram.Package.Tests;

/// <summary>
/// What a user of the package meets, with real tools: installing only Engram.Runtime brings the analyzer, the naive code fails
/// the build with ENG001, ENG002, ENG003 and ENG005 (and, forced through, throws at run time), `dotnet format analyzers` applies
/// the code fixes (run twice, as a user fixing in bulk would), and the fixed program builds and runs without a cross-thread access.
/// </summary>
/// <remarks>
/// Slow (packing and several builds, about a minute and a half on two cores, most of it shared with
/// <see cref="PackageContentsTests"/>); <c>dotnet test --filter Category!=Slow</c> leaves it out.
/// </remarks>
[Collection(PackedFeedCollection.Name)]
[Trait("Category", "Slow")]
public sealed class MisuseSampleTests
{
    private static readonly Regex ReportedError = new(@"error (ENG\d{3})\s*:", RegexOptions.Compiled);

    private readonly PackedFeed _feed;
    private readonly ITestOutputHelper _log;

    public MisuseSampleTests(PackedFeed feed, ITestOutputHelper log)
    {
        _feed = feed;
        _log = log;
    }

    [Fact]
    public void Misuse_fails_the_build_and_dotnet_format_fixes_it_so_it_runs_on_many_threads()
    {
        foreach (var (project, duration) in _feed.PackDurations)
        {
            _log.WriteLine($"pack {project}: {duration.TotalSeconds:F1} s");
        }

        var stopwatch = Stopwatch.StartNew();
        using var consumer = new ConsumerProject(_feed);

        var failedBuild = Step(consumer, "build");
        Assert.False(failedBuild.Succeeded, $"The naive code built. {failedBuild}");
        var reported = ReportedError.Matches(failedBuild.Output).Select(m => m.Groups[1].Value).ToHashSet();
        Assert.True(reported.SetEquals(new[] { "ENG001", "ENG002", "ENG003", "ENG005" }), $"Expected errors ENG001, ENG002, ENG003 and ENG005, got [{string.Join(", ", reported)}]. {failedBuild}");
        Assert.DoesNotContain("AD0001", failedBuild.Output);
        AssertAnalyzerSeesUiFrameworkProperties(consumer);

        // Forced through with the rules silenced, the same code fails at run time: the analyzer reports real bugs.
        var forcedBuild = Step(consumer, "build", "-p:NoWarn=ENG001%3BENG002%3BENG003%3BENG005");
        Assert.True(forcedBuild.Succeeded, forcedBuild.ToString());
        var unfixedRun = Step(consumer, "run", "--no-build");
        Assert.False(unfixedRun.Succeeded, $"The unfixed program ran to the end. {unfixedRun}");
        Assert.Contains("CrossThreadAccessException", unfixedRun.Output);

        var original = File.ReadAllText(consumer.ProgramPath);
        var format = new[] { "format", "analyzers", "--diagnostics", "ENG001", "ENG002", "ENG003", "ENG005", "--severity", "error" };
        var firstPass = Step(consumer, format);
        Assert.True(firstPass.Succeeded, firstPass.ToString());
        var afterFirstPass = File.ReadAllText(consumer.ProgramPath);
        Assert.NotEqual(original, afterFirstPass);
        var secondPass = Step(consumer, format);
        Assert.True(secondPass.Succeeded, secondPass.ToString());
        var fixedSource = File.ReadAllText(consumer.ProgramPath);
        _log.WriteLine($"Program.cs after dotnet format ({(fixedSource == afterFirstPass ? "the second pass changed nothing" : "changed again by the second pass")}):");
        _log.WriteLine(fixedSource);
        // Each handle becomes one context, made where the handle was opened; every use reads the current thread's Db.
        Assert.Single(Regex.Matches(fixedSource, Regex.Escape("var archiveContext = EngramThreadSafe.GetThreadSafeContext(ArchivePath);")));
        Assert.Single(Regex.Matches(fixedSource, Regex.Escape("var notesContext = EngramThreadSafe.GetThreadSafeContext(notesPath);")));
        Assert.Contains("archiveContext.Db.Save(loaded);", fixedSource);
        Assert.Contains("Task.Run(() => notesContext.Db.Load(first))", fixedSource);
        Assert.Contains("private static Database AuditLog => EngramThreadSafe.GetThreadSafeContext(AuditPath).Db;", fixedSource);
        Assert.DoesNotContain("Database.FileBased(", fixedSource);
        // ENG005's fix turns the run log's mutex into a semaphore that any thread may release.
        Assert.Contains("RunLogLock = new SemaphoreSlim(1, 1);", fixedSource);
        Assert.Contains("await RunLogLock.WaitAsync();", fixedSource);

        var fixedBuild = Step(consumer, "build");
        Assert.True(fixedBuild.Succeeded, fixedBuild.ToString());
        Assert.DoesNotContain(" ENG0", fixedBuild.Output);

        var fixedRun = Step(consumer, "run", "--no-build");
        Assert.True(fixedRun.Succeeded, fixedRun.ToString());
        Assert.DoesNotContain("CrossThreadAccessException", fixedRun.Output);
        Assert.Contains("5 notes stored, 4 saves audited, 1 archived", fixedRun.Output);
        _log.WriteLine($"consumer steps: {stopwatch.Elapsed.TotalSeconds:F1} s");
    }

    /// <summary>
    /// The package's buildTransitive props reach the consumer: the compiler hands UseWPF and UseWindowsForms to the
    /// analyzer (ENG002 reads them to know a UI project resumes plain awaits on its UI thread).
    /// </summary>
    private static void AssertAnalyzerSeesUiFrameworkProperties(ConsumerProject consumer)
    {
        var editorConfigs = Directory.GetFiles(Path.Combine(consumer.ProjectDirectory, "obj"), "*.GeneratedMSBuildEditorConfig.editorconfig", SearchOption.AllDirectories);
        var generated = Assert.Single(editorConfigs);
        var text = File.ReadAllText(generated);
        Assert.Contains("build_property.UseWPF =", text);
        Assert.Contains("build_property.UseWindowsForms =", text);
    }

    private CommandResult Step(ConsumerProject consumer, params string[] arguments)
    {
        var result = consumer.Dotnet(arguments);
        _log.WriteLine(result.Summary);
        return result;
    }
}
