using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace ThreadSafeDemo;

/// <summary>The optional <c>limit</c> of <c>/messages</c>: how many of the newest messages to list.</summary>
internal static class MessageLimit
{
    public const string Parameter = "limit";

    /// <summary>The largest limit accepted; without a limit, every message is listed.</summary>
    public const int Max = 1000;

    /// <summary>Reads the limit from the query: <see langword="null"/> when absent (every message).</summary>
    /// <returns>Whether the query's limit, if any, is a whole number from 1 to <see cref="Max"/>; otherwise <paramref name="problem"/> says why not.</returns>
    public static bool TryRead(IQueryCollection query, out int? limit, out InputProblem? problem)
    {
        limit = null;
        problem = null;
        if (!query.TryGetValue(Parameter, out var values))
        {
            return true;
        }

        if (values.Count != 1)
        {
            problem = BadRequest($"Give '{Parameter}' once, not {values.Count} times.");
            return false;
        }

        var text = values[0] ?? string.Empty;
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < 1 || number > Max)
        {
            problem = BadRequest($"'{Parameter}' must be a whole number from 1 to {Max}, not '{text}'; leave it out to list every message.");
            return false;
        }

        limit = number;
        return true;
    }

    private static InputProblem BadRequest(string message) => new(StatusCodes.Status400BadRequest, message);
}
