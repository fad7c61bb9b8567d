using System.Text;
using static Engram.Benchmarks.AnalyzerOverhead.Report.InvariantText;

namespace Engram.Benchmarks.AnalyzerOverhead.Report;

internal static class StringBuilderExtensions
{
    /// <summary>A section's heading and what every section states first: where, on what and how it was measured.</summary>
    /// <param name="howToRead">How the figures below are summarized, after the command, in parentheses.</param>
    public static StringBuilder AppendSectionStart(
        this StringBuilder md, string title, MachineDescription machine, string sdk, string commit, string loadBefore, string command, string howToRead, string method)
    {
        md.AppendLine($"## {title}");
        md.AppendLine();
        md.AppendLine(Invariant($"Machine: {machine.ToMarkdownLine()}; .NET SDK {sdk}; commit `{commit}`; load average before the run: {loadBefore}."));
        md.AppendLine();
        md.AppendLine($"Command: `{command}` ({howToRead}).");
        md.AppendLine();
        md.AppendLine(method);
        return md;
    }
}
