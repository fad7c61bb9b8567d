using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Xunit;
using Verify = Engram.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<Engram.Analyzers.Rules.UnmarkedPublicAffineTypeAnalyzer>;

namespace Engram.Analyzers.Tests;

public sealed class UnmarkedPublicAffineTypeAnalyzerTests
{
    private const string Library = """
        using System.Collections.Generic;
        using EngramDb;
        using EngramDb.Threading;

        public sealed class {|#0:NotesRepository|}
        {
            private readonly Database _db = Database.FileBased("notes.engramdb");
        }

        public class Outer
        {
            public sealed class {|#1:Nested|} { private readonly List<Database> _shards = new(); }

            private sealed class Hidden { private readonly Database _db = Database.InMemory(); }
        }

        internal sealed class InternalRepository { private readonly Database _db = Database.InMemory(); }

        [ThreadAffine]
        public sealed class MarkedRepository { private readonly Database _db = Database.InMemory(); }

        [Sendable]
        public sealed class SharedRepository { private readonly Dictionary<int, Database> _byThread = new(); }

        public sealed class ContextRepository { private readonly ThreadSafeAgentContext _ctx = EngramThreadSafe.GetThreadSafeContext(); }

        public interface INotes { }
        """;

    [Fact]
    public Task Public_types_of_a_library_that_hold_a_handle_without_saying_so_are_reported() =>
        Verify.VerifyAnalyzerAsync(
            Library,
            Verify.Diagnostic("ENG006").WithLocation(0).WithArguments("NotesRepository", " (it holds 'EngramDb.Database' in field '_db')").WithSeverity(DiagnosticSeverity.Warning),
            Verify.Diagnostic("ENG006").WithLocation(1).WithArguments("Nested", " (it holds 'EngramDb.Database' in field '_shards')").WithSeverity(DiagnosticSeverity.Warning));

    [Fact]
    public Task Applications_are_not_asked_to_mark_their_types() =>
        new Verify.Test
        {
            TestCode = Library.Replace("{|#0:NotesRepository|}", "NotesRepository").Replace("{|#1:Nested|}", "Nested") + "\nstatic class Program { static void Main() { } }",
            TestState = { OutputKind = OutputKind.ConsoleApplication },
        }.RunAsync();

    [Fact]
    public Task Test_projects_are_not_asked_to_mark_their_types()
    {
        var test = new Verify.Test { TestCode = Library.Replace("{|#0:NotesRepository|}", "NotesRepository").Replace("{|#1:Nested|}", "Nested") };
        test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\nbuild_property.IsTestProject = true\n"));
        return test.RunAsync();
    }
}
