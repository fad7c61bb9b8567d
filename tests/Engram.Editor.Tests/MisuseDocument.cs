using System;
using System.Collections.Generic;
using Engram.Editor.Tests.Lsp;
using Engram.Editor.ThrowingAnalyzer;

namespace Engram.Editor.Tests;

/// <summary>
/// The document the editor test types in: a misuse of Database that ENG001 and ENG002 report, and the edits, keystroke
/// group by keystroke group, that turn it into the safe pattern (the thread's own handle from the thread-safe context).
/// </summary>
internal static class MisuseDocument
{
    public const string FileName = "Notes.cs";

    public const string Misuse = """
        using System.Threading.Tasks;
        using EngramDb;

        namespace EditorConsumer;

        public static class Notes
        {
            public static async Task SaveTwiceAsync(string path)
            {
                using var db = Database.FileBased(path);
                db.Save(new MemoryNode(new[] { 1f }));
                await Task.Delay(10);
                db.Save(new MemoryNode(new[] { 2f }));
            }

            public static Task<int> CountInBackground(Database db) =>
                Task.Run(() => db.ListAll().Count);
        }

        """;

    /// <summary>Where the rules report the misuse: the handle used after the await, and the handle captured by <c>Task.Run</c>.</summary>
    public static (string Rule, LspRange Range)[] MisuseDiagnostics(string text) => new[]
    {
        ("ENG001", DocumentText.RangeOf(text, "Task.Run(() => db.ListAll()", "db")),
        ("ENG002", DocumentText.RangeOf(text, "db.Save(new MemoryNode(new[] { 2f }))", "db")),
    };

    /// <summary>The ENG001 misuse alone, once the method with the await is fixed.</summary>
    public static LspRange CapturedHandle(string text) => DocumentText.RangeOf(text, "Task.Run(() => db.ListAll()", "db");

    /// <summary>
    /// Each state the document passes through while the await method is retyped to use the context (ENG002 fixed; ENG001
    /// left), most of them half-typed: missing names, dangling dots, open parentheses.
    /// </summary>
    public static IReadOnlyList<string> FixTheAwait(string body) => new Retyping(body)
        .Retype("using var db = Database.FileBased(path);", "var ctx = ", "EngramThreadSafe.", "GetThreadSafeContext(", "path", ");")
        .Retype("db.Save(new MemoryNode(new[] { 1f }));", "ctx.", "Db", ".Save(new MemoryNode(new[] { 1f }));")
        .Retype("db.Save(new MemoryNode(new[] { 2f }));", "ctx.", "Db", ".Save(new MemoryNode(new[] { 2f }));")
        .States;

    /// <summary>Each state while the background method is retyped to take the path and open its own handle there (ENG001 fixed).</summary>
    public static IReadOnlyList<string> FixTheCapture(string body) => new Retyping(body)
        .Retype("CountInBackground(Database db)", "CountInBackground(", "string", " path", ")")
        .Retype("() => db.ListAll()", "() => ", "EngramThreadSafe.", "GetThreadSafeContext(", "path", ")", ".Db", ".ListAll()")
        .States;

    /// <summary>The body with a class added that makes the consumer's deliberately broken analyzer throw.</summary>
    public static string WithThrowingAnalyzerTrigger(string body) =>
        body + $"static class Control {{ static int Twice(int {ThrowingAnalyzerTrigger.Identifier}) => 2 * {ThrowingAnalyzerTrigger.Identifier}; }}\n";

    /// <summary>Text edits in the order a typist makes them: delete a fragment, then type its replacement in pieces.</summary>
    private sealed class Retyping
    {
        private readonly List<string> _states = new();
        private string _current;

        public Retyping(string start)
        {
            _current = start;
        }

        public IReadOnlyList<string> States => _states;

        /// <summary>Deletes the single occurrence of <paramref name="fragment"/>, then types <paramref name="pieces"/> there one after another; one state per step.</summary>
        public Retyping Retype(string fragment, params string[] pieces)
        {
            var at = DocumentText.SingleIndexOf(_current, fragment);
            var before = _current.Substring(0, at);
            var after = _current.Substring(at + fragment.Length);
            var typed = string.Empty;
            Add(before + after);
            foreach (var piece in pieces)
            {
                typed += piece;
                Add(before + typed + after);
            }

            return this;
        }

        private void Add(string state)
        {
            if (_states.Count == 0 || !string.Equals(_states[^1], state, StringComparison.Ordinal))
            {
                _states.Add(state);
            }

            _current = state;
        }
    }
}
