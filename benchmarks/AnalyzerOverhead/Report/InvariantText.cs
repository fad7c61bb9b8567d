using System;
using System.Globalization;

namespace Engram.Benchmarks.AnalyzerOverhead.Report;

/// <summary>Figures in the docs are written the same way whatever the machine's culture.</summary>
internal static class InvariantText
{
    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
