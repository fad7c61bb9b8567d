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

/// <summary>An interval that holds the true median with at least <see cref="Coverage"/> probability.</summary>
internal sealed record MedianInterval(double Low, double High, double Coverage);

internal static class Statistics
{
    /// <summary>
    /// The distribution-free confidence interval of the median: the k-th lowest and k-th highest value, with k the
    /// largest for which each side's binomial tail stays within half of 1 - <paramref name="confidence"/>. It assumes
    /// only that the values are independent draws, which is what interleaved rounds aim for.
    /// </summary>
    /// <returns>Null when there are too few values for that confidence (fewer than 6 at 95%).</returns>
    public static MedianInterval? MedianConfidenceInterval(IEnumerable<double> values, double confidence)
    {
        var sorted = values.Order().ToArray();
        var n = sorted.Length;
        var tail = 0.0;
        var k = 0;
        while (k < n / 2)
        {
            var next = tail + BinomialHalf(n, k);
            if (next > (1 - confidence) / 2)
            {
                break;
            }

            tail = next;
            k++;
        }

        return k == 0 ? null : new MedianInterval(sorted[k - 1], sorted[n - k], 1 - 2 * tail);
    }

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

    /// <summary>The probability that exactly <paramref name="k"/> of <paramref name="n"/> fair coin tosses come up heads.</summary>
    private static double BinomialHalf(int n, int k)
    {
        var probability = Math.Pow(0.5, n);
        for (var i = 1; i <= k; i++)
        {
            probability *= (double)(n - k + i) / i;
        }

        return probability;
    }
}
