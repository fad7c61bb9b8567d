using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.Build.Logging.StructuredLogger;

namespace Engram.Benchmarks.AnalyzerOverhead.Report;

/// <summary>What one measured build's binary log says about its single compilation.</summary>
/// <param name="CscSeconds">Wall-clock duration of the Csc task: process start, parse, bind, analyzers, emit.</param>
/// <param name="Analyzers">The compiler's analyzer report; empty for the compiler alone.</param>
/// <param name="Diagnostics">Warnings the compiler reported, by ID.</param>
internal sealed record CompilationRun(double CscSeconds, AnalyzerReport Analyzers, IReadOnlyDictionary<string, int> Diagnostics)
{
    /// <exception cref="InvalidDataException">The build failed, or the log does not hold exactly one Csc task; the message names the file.</exception>
    public static CompilationRun Read(string binlogPath)
    {
        var build = BinaryLog.ReadBuild(binlogPath);
        if (!build.Succeeded)
        {
            var errors = build.FindChildrenRecursive<Error>().Select(error => error.Text).Take(5);
            throw new InvalidDataException($"The build in '{binlogPath}' failed: {string.Join(" | ", errors)}");
        }

        var compilations = build.FindChildrenRecursive<Task>(task => task.Name == "Csc");
        if (compilations.Count != 1)
        {
            throw new InvalidDataException($"'{binlogPath}' holds {compilations.Count} Csc tasks; a measured build compiles exactly once (was it a full rebuild?).");
        }

        var csc = compilations[0];
        var messages = csc.FindChildrenRecursive<Message>().Select(message => message.Text);
        var diagnostics = csc.FindChildrenRecursive<Warning>()
            .GroupBy(warning => warning.Code ?? "(no code)", StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.Count(), StringComparer.Ordinal);
        return new CompilationRun(csc.Duration.TotalSeconds, AnalyzerReport.Parse(messages), diagnostics);
    }
}
