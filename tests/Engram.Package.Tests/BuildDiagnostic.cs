using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace Engram.Package.Tests;

/// <summary>
/// An error or warning as MSBuild's console logger prints it:
/// <c>path(line,col): error ENG001: message [project]</c>, or without a place (<c>CSC : error CS5001: ...</c>).
/// </summary>
internal sealed record BuildDiagnostic(string Path, int? Line, int? Column, string Severity, string Id, string Message, string? Project)
{
    private static readonly Regex Canonical = new(
        @"^\s*(?<path>.*?)(?:\((?<line>\d+),(?<column>\d+)(?:,\d+,\d+)?\))?\s*:\s*(?<severity>error|warning)\s+(?<id>[A-Za-z]+\d+)\s*:\s*(?<message>.*?)(?:\s+\[(?<project>[^\[\]]+)\])?\s*$",
        RegexOptions.Compiled | RegexOptions.CultureInvariant);

    /// <summary>Every distinct diagnostic in the output (the logger's closing summary repeats them).</summary>
    public static IReadOnlyList<BuildDiagnostic> ParseAll(string output) =>
        output.Split('\n')
            .Select(line => Canonical.Match(line.TrimEnd('\r')))
            .Where(match => match.Success)
            .Select(match => new BuildDiagnostic(
                match.Groups["path"].Value.Trim(),
                match.Groups["line"].Success ? int.Parse(match.Groups["line"].Value) : null,
                match.Groups["column"].Success ? int.Parse(match.Groups["column"].Value) : null,
                match.Groups["severity"].Value,
                match.Groups["id"].Value,
                match.Groups["message"].Value,
                match.Groups["project"].Success ? match.Groups["project"].Value : null))
            .Distinct()
            .ToList();

    public override string ToString() =>
        Line is null ? $"{Path}: {Severity} {Id}: {Message}" : $"{Path}({Line},{Column}): {Severity} {Id}: {Message}";
}
