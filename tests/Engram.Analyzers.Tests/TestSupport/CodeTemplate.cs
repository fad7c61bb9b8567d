using System;

namespace Engram.Analyzers.Tests.TestSupport;

/// <summary>
/// Test code with one hole that each case fills (statements in a method, members in a class); the text around the
/// hole sets up what the cases may use.
/// </summary>
public sealed class CodeTemplate
{
    private const string Hole = "HOLE";

    private readonly string _text;

    public CodeTemplate(string text)
    {
        var hole = text.IndexOf(Hole, StringComparison.Ordinal);
        if (hole < 0 || text.IndexOf(Hole, hole + 1, StringComparison.Ordinal) >= 0)
        {
            throw new ArgumentException($"A code template needs exactly one {Hole}: {text}", nameof(text));
        }

        _text = text;
    }

    /// <summary>
    /// HOLE runs in an async method with a Database local <c>db</c> (in memory), a Database parameter
    /// <c>parameterDb</c>, a sendable context <c>ctx</c>, an array <c>items</c> and a Task <c>task</c>. The method is
    /// async so that <c>await</c> in the code is an await, not a name.
    /// </summary>
    public static CodeTemplate HandlesInMethod { get; } = new("""
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using System.Threading;
        using System.Threading.Tasks;
        using EngramDb;
        using EngramDb.Threading;

        class Worker
        {
            async Task Run(Database parameterDb, ThreadSafeAgentContext ctx, int[] items, Task task)
            {
                var db = Database.InMemory();
                HOLE
            }
        }
        """);

    public string Fill(string code) => _text.Replace(Hole, code, StringComparison.Ordinal);
}
