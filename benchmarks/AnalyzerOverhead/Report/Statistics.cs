using System;
using System.Collections.Generic;
using System.Linq;

namespace Engram.Benchmarks.AnalyzerOverhead.Report;

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
