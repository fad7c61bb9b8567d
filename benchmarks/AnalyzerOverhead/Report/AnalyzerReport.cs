using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Engram.Benchmarks.AnalyzerOverhead.Report;

/// <summary>
/// The compiler's <c>/reportanalyzer</c> output: seconds per analyzer assembly and per analyzer type. Execution time
/// is summed over the threads that ran the analyzer, so it can exceed the wall-clock time it added to the build.
/// </summary>
internal sealed class AnalyzerReport
{
    // "   0.737   50   Meziantou.Analyzer, Version=..." or "  <0.001   <1      Some.Analyzer (MA0001)"
    private static readonly Regex s_timeLine = new(@"^\s*(?<seconds><?\d+(?:\.\d+)?)\s+<?\d+\s+(?<name>\S.*?)\s*$", RegexOptions.CultureInvariant);

    /// <summary>Seconds per analyzer assembly, by simple assembly name.</summary>
    public Dictionary<string, double> Assemblies { get; } = new(StringComparer.Ordinal);

    /// <summary>Seconds per analyzer type, by <c>Type.Name (IDs)</c> as the compiler prints it.</summary>
    public Dictionary<string, double> Analyzers { get; } = new(StringComparer.Ordinal);

    public double TotalSeconds { get; private set; }

    /// <summary>Reads the report from the compiler's messages, in order. Times printed as <c>&lt;0.001</c> count as 0.</summary>
    /// <exception cref="FormatException">The report is present but a line cannot be read; the message quotes it.</exception>
    public static AnalyzerReport Parse(IEnumerable<string> messages)
    {
        var report = new AnalyzerReport();
        var inAnalyzerSection = false;
        foreach (var message in messages)
        {
            foreach (var line in message.Split('\n'))
            {
                var text = line.TrimEnd('\r');
                if (text.TrimStart().StartsWith("Total analyzer execution time:", StringComparison.Ordinal))
                {
                    inAnalyzerSection = true;
                    continue;
                }

                if (text.TrimStart().StartsWith("Total generator execution time:", StringComparison.Ordinal))
                {
                    inAnalyzerSection = false;
                    continue;
                }

                if (inAnalyzerSection)
                {
                    report.Read(text);
                }
            }
        }

        return report;
    }

    private void Read(string line)
    {
        // Rows start with the time ("   0.737" or "  <0.001"); anything else in the section is a header or a note
        // such as "All analyzers have enabled concurrent execution."
        var trimmed = line.TrimStart();
        if (trimmed.Length == 0 || !(char.IsDigit(trimmed[0]) || trimmed[0] == '<'))
        {
            return;
        }

        var match = s_timeLine.Match(line);
        if (!match.Success)
        {
            throw new FormatException($"Cannot read the analyzer report line '{line}'.");
        }

        var secondsText = match.Groups["seconds"].Value;
        var seconds = secondsText.StartsWith('<') ? 0 : double.Parse(secondsText, NumberStyles.Float, CultureInfo.InvariantCulture);
        var name = match.Groups["name"].Value;
        var comma = name.IndexOf(", Version=", StringComparison.Ordinal);
        if (comma >= 0)
        {
            Assemblies[name.Substring(0, comma)] = seconds;
            TotalSeconds += seconds;
        }
        else
        {
            Analyzers[name] = seconds;
        }
    }
}
