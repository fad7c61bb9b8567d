using System;
using System.Collections.Generic;
using System.Linq;

namespace Engram.Benchmarks.AnalyzerOverhead.Report;

/// <summary>The median of some measured values and how far they spread.</summary>
internal sealed record Spread(double Median, double Min, double Max)
{
    /// <exception cref="ArgumentException">There are no values.</exception>
    public static Spread Of(IEnumerable<double> values)
    {
        var list = values.ToList();
        return new Spread(Statistics.Median(list), list.Min(), list.Max());
    }
}

internal static class Statistics
{
    /// <exception cref="ArgumentException">There are no values.</exception>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            throw new ArgumentException("The median of no values is undefined.", nameof(values));
        }

        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
