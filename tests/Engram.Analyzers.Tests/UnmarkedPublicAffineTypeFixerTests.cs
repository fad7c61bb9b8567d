using System.Threading.Tasks;
using Xunit;
using Verify = Engram.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    Engram.Analyzers.Rules.UnmarkedPublicAffineTypeAnalyzer,
    Engram.Analyzers.CodeFixes.UnmarkedPublicAffineTypeFixer>;

namespace Engram.Analyzers.Tests;

public sealed class UnmarkedPublicAffineTypeFixerTests
{
    private const string Source = """
        using EngramDb;

        namespace Notes;

        /// <summary>Notes of one chat.</summary>
        public sealed class {|ENG006:NotesRepository|}
        {
            private readonly Database _db = Database.FileBased("notes.engramdb");
        }
        """;

    [Fact]
    public Task Marks_the_type_thread_affine_by_default() =>
        Verify.VerifyCodeFixAsync(Source, """
            using EngramDb;
            using EngramDb.Threading;

            namespace Notes;

            /// <summary>Notes of one chat.</summary>
            [ThreadAffine]
            public sealed class NotesRepository
            {
                private readonly Database _db = Database.FileBased("notes.engramdb");
            }
            """);

    [Fact]
    public Task Marks_the_type_sendable_as_the_second_action() =>
        new Verify.Test
        {
            TestCode = Source,
            CodeActionIndex = 1,
            CodeActionEquivalenceKey = "ENG006.MarkSendable",
            FixedCode = """
                using EngramDb;
                using EngramDb.Threading;

                namespace Notes;

                /// <summary>Notes of one chat.</summary>
                [Sendable]
                public sealed class NotesRepository
                {
                    private readonly Database _db = Database.FileBased("notes.engramdb");
                }
                """,
        }.RunAsync();

    [Fact]
    public Task Uses_the_projects_own_attribute_when_the_runtime_is_not_referenced()
    {
        var test = new Verify.Test
        {
            TestCode = """
                namespace Interop
                {
                    [System.AttributeUsage(System.AttributeTargets.Class)]
                    internal sealed class ThreadAffineAttribute : System.Attribute { }

                    [ThreadAffine]
                    public sealed class ComHandle { }

                    public sealed class {|ENG006:Session|} { private readonly ComHandle _handle = new(); }
                }
                """,
            FixedCode = """
                namespace Interop
                {
                    [System.AttributeUsage(System.AttributeTargets.Class)]
                    internal sealed class ThreadAffineAttribute : System.Attribute { }

                    [ThreadAffine]
                    public sealed class ComHandle { }

                    [ThreadAffine]
                    public sealed class Session { private readonly ComHandle _handle = new(); }
                }
                """,
        };
        test.TestState.AdditionalReferences.Remove(Verifiers.EngramTestSetup.RuntimeReference);
        test.FixedState.AdditionalReferences.Remove(Verifiers.EngramTestSetup.RuntimeReference);
        return test.RunAsync();
    }
}
