using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Xunit;
using Xunit.Abstractions;

namespace Engram.Package.Tests;

/// <summary>
/// README.md's Install section, followed by a user: apps made by <c>dotnet new console</c>, <c>worker</c> and
/// <c>web</c> install only Engram.Runtime through the README's nuget.config (the packed folder beside nuget.org), the
/// analyzers run in each build, and each app builds once its misuse is gone.
/// </summary>
/// <remarks>Slow: three restores and two builds of the three apps, after the collection's packing.</remarks>
[Collection(PackedFeedCollection.Name)]
[Trait("Category", "Slow")]
public sealed class ReadmeInstallTests
{
    private static readonly string[] Templates = { "console", "worker", "web" };

    private static readonly string[] Misuse =
    {
        "using EngramDb;",
        "",
        "internal static class CrossThreadUse",
        "{",
        "    // The handle belongs to the calling thread; the lambda runs on a thread-pool thread.",
        "    internal static Task SaveElsewhere(Database db) => Task.Run(() => db.Save(new MemoryNode(new[] { 1f })));",
        "}",
    };

    private readonly PackedFeed _feed;
    private readonly ITestOutputHelper _log;

    public ReadmeInstallTests(PackedFeed feed, ITestOutputHelper log)
    {
        _feed = feed;
        _log = log;
    }

    [Fact]
    public void Console_worker_and_web_apps_install_Engram_Runtime_from_the_folder_and_get_the_rules()
    {
        using var consumer = new FolderFeedConsumer(_feed, "readme-install");
        foreach (var template in Templates)
        {
            var app = AppName(template);
            Succeeds(consumer, ".", "new", template, "--output", app, "--no-restore", "--no-update-check");
            var install = Succeeds(consumer, app, "add", "package", "Engram.Runtime", "--version", PackedFeed.Version);
            Assert.DoesNotContain("NU1101", install.Output);
            File.WriteAllLines(Path.Combine(consumer.Root, app, "CrossThreadUse.cs"), Misuse);
        }

        consumer.WriteSolution("Apps", Templates.Select(AppName));

        var misused = Step(consumer, ".", "build", "Apps.slnx", "-tl:off");
        Assert.False(misused.Succeeded, $"The misuse built. {misused}");
        var captureLine = Array.FindIndex(Misuse, line => line.Contains("Task.Run")) + 1;
        var expected = Templates
            .Select(t => (Path.Combine(consumer.Root, AppName(t), "CrossThreadUse.cs"), captureLine, "error", "ENG001"))
            .OrderBy(d => d.Item1, StringComparer.Ordinal);
        var reported = Reported(misused).Select(d => (d.Path, d.Line ?? 0, d.Severity, d.Id)).OrderBy(d => d.Path, StringComparer.Ordinal);
        Assert.True(expected.SequenceEqual(reported), $"Expected one ENG001 at line {captureLine} of each app's CrossThreadUse.cs and nothing else. {misused}");

        foreach (var template in Templates)
        {
            File.Delete(Path.Combine(consumer.Root, AppName(template), "CrossThreadUse.cs"));
        }

        var clean = Step(consumer, ".", "build", "Apps.slnx", "-tl:off");
        Assert.True(clean.Succeeded, clean.ToString());
        Assert.True(Reported(clean).Count == 0, $"The apps build with diagnostics. {clean}");
    }

    private static string AppName(string template) => template + "-app";

    /// <summary>What the build reported, but the mirror's NU1603 (a newer patch than asked for), which is allowed.</summary>
    private static List<BuildDiagnostic> Reported(CommandResult build) =>
        BuildDiagnostic.ParseAll(build.Output).Where(d => d.Id != "NU1603").ToList();

    private CommandResult Succeeds(FolderFeedConsumer consumer, string directory, params string[] arguments)
    {
        var result = Step(consumer, directory, arguments);
        Assert.True(result.Succeeded, result.ToString());
        return result;
    }

    private CommandResult Step(FolderFeedConsumer consumer, string directory, params string[] arguments)
    {
        var result = consumer.Dotnet(directory, arguments);
        _log.WriteLine(result.Summary);
        return result;
    }
}
