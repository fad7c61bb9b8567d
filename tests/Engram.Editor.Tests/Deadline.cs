using System;
using System.Diagnostics;

namespace Engram.Editor.Tests;

/// <summary>A time budget for a whole test: each wait in it is cut to what is left, so the test ends in time however slow every step is.</summary>
internal sealed class Deadline
{
    private readonly Stopwatch _elapsed = Stopwatch.StartNew();
    private readonly TimeSpan _budget;

    public Deadline(TimeSpan budget)
    {
        _budget = budget;
    }

    public TimeSpan Elapsed => _elapsed.Elapsed;

    /// <summary><paramref name="timeout"/>, or less when the budget ends sooner.</summary>
    /// <exception cref="TimeoutException">The budget is spent; the message says on what.</exception>
    public TimeSpan Cap(TimeSpan timeout, string waitingFor)
    {
        var left = _budget - _elapsed.Elapsed;
        if (left <= TimeSpan.Zero)
        {
            throw new TimeoutException($"The test's budget of {_budget.TotalMinutes:0} minutes was spent before {waitingFor}.");
        }

        return left < timeout ? left : timeout;
    }
}
