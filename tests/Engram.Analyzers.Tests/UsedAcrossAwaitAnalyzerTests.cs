using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Engram.Analyzers.Rules;
using Engram.Analyzers.Tests.TestSupport;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;
using Verify = Engram.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<Engram.Analyzers.Rules.UsedAcrossAwaitAnalyzer>;

namespace Engram.Analyzers.Tests;

public sealed class UsedAcrossAwaitAnalyzerTests
{
    // HOLE runs in an async method with a Database local `db`, a Database parameter `parameterDb`, a sendable
    // context `ctx`, an async sequence `items`, a pending `task` and a `flag`; the class has affine fields and
    // properties of each kind.
    private static readonly CodeTemplate Method = new("""
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Linq;
        using System.Threading;
        using System.Threading.Tasks;
        using EngramDb;
        using EngramDb.Threading;

        class Worker
        {
            private readonly Database _db = Database.InMemory();
            private static Database? s_shared;
            [ThreadStatic] private static Database? t_own;

            private Database Stored { get; } = Database.InMemory();
            private Database Computed => EngramThreadSafe.GetThreadSafeContext("store").Db;

            async Task RunAsync(Database parameterDb, ThreadSafeAgentContext ctx, IAsyncEnumerable<int> items, Task task, bool flag)
            {
                var db = Database.FileBased("store");
                HOLE
            }

            static void Use(Database handle) { }

            static bool TryOpen(out Database handle)
            {
                handle = Database.InMemory();
                return true;
            }

            static MemoryNode NewNode() => new MemoryNode(new float[] { 1f });
        }
        """);

    [Theory]
    [InlineData("await task; {|ENG002:db|}.ClearAll();")]
    [InlineData("await task; {|ENG002:parameterDb|}.ClearAll();")]
    [InlineData("await task; {|ENG002:_db|}.ClearAll();")]
    [InlineData("await task; {|ENG002:this._db|}.ClearAll();")]
    [InlineData("await task; {|ENG002:Stored|}.ClearAll();")]
    [InlineData("await task; {|ENG002:db|}?.ClearAll();")]
    [InlineData("await task; Use({|ENG002:db|});")]
    [InlineData("await Task.Yield(); {|ENG002:db|}.ClearAll();")]
    [InlineData("var copy = db; await task; {|ENG002:copy|}.ClearAll();")]
    [InlineData("await task; var copy = db; {|ENG002:copy|}.ClearAll();")]
    [InlineData("await task; if (db is Database typed) {|ENG002:typed|}.ClearAll();")]
    [InlineData("await task; var count = {|ENG002:db|} is { Path: not null } ? 1 : 0;")]
    public Task Flags_each_kind_of_value_used_after_an_await(string statements) =>
        Verify.VerifyAnalyzerAsync(Method.Fill(statements));

    [Theory]
    [InlineData("for (var i = 0; i < 3; i++) { {|ENG002:db|}.ClearAll(); await task; }")]
    [InlineData("foreach (var delay in new[] { 1, 2 }) { {|ENG002:db|}.ClearAll(); await Task.Delay(delay); }")]
    [InlineData("while ({|ENG002:db|}.ListAll().Count == 0) { await task; }")]
    [InlineData("while (await Task.Run(() => flag)) { {|ENG002:db|}.ClearAll(); }")]
    [InlineData("do { {|ENG002:db|}.ClearAll(); } while (await Task.Run(() => flag));")]
    [InlineData("if (flag) { await task; } {|ENG002:db|}.ClearAll();")]
    [InlineData("if (flag && await Task.Run(() => flag)) { } {|ENG002:db|}.ClearAll();")]
    [InlineData("var n = flag ? await Task.Run(() => 1) : 0; {|ENG002:db|}.ClearAll();")]
    [InlineData("switch (flag) { case true: await task; break; default: break; } {|ENG002:db|}.ClearAll();")]
    [InlineData("try { await task; } finally { {|ENG002:db|}.ClearAll(); }")]
    [InlineData("try { await task; } finally { } {|ENG002:db|}.ClearAll();")]
    [InlineData("try { await task; } catch (InvalidOperationException) { {|ENG002:db|}.ClearAll(); }")]
    [InlineData("try { await task; db = Database.FileBased(\"other\"); } catch (IOException) { {|ENG002:db|}.ClearAll(); }")]
    [InlineData("try { db.ClearAll(); } catch (Exception e) when (e.Message.Length > 0) { await task; } {|ENG002:db|}.ClearAll();")]
    [InlineData("{|ENG002:db|}.Save(await Task.Run(NewNode));")]
    [InlineData("{|ENG002:ctx.Db|}.Save(await Task.Run(NewNode));")]
    public Task Follows_the_control_flow_through_loops_branches_handlers_and_arguments(string statements) =>
        Verify.VerifyAnalyzerAsync(Method.Fill(statements));

    [Theory]
    [InlineData("await foreach (var item in items) { {|ENG002:db|}.ClearAll(); }")]
    [InlineData("await foreach (var item in items) { } {|ENG002:db|}.ClearAll();")]
    [InlineData("await using (var stream = new MemoryStream()) { db.ClearAll(); } {|ENG002:db|}.ClearAll();")]
    [InlineData("{ await using var stream = new MemoryStream(); db.ClearAll(); } {|ENG002:db|}.ClearAll();")]
    public Task Flags_uses_after_the_awaits_of_await_foreach_and_await_using(string statements) =>
        Verify.VerifyAnalyzerAsync(Method.Fill(statements));

    [Theory]
    [InlineData("Func<Task> work = async () => { db.ClearAll(); await task; {|ENG002:db|}.ClearAll(); };")]
    [InlineData("Func<Task> work = async delegate { await task; {|ENG002:db|}.ClearAll(); };")]
    [InlineData("Func<Task> work = async () => { var own = Database.InMemory(); await task; {|ENG002:own|}.ClearAll(); };")]
    [InlineData("async Task WorkAsync() { await task; {|ENG002:db|}.ClearAll(); } await WorkAsync();")]
    [InlineData("async Task WorkAsync(Database handle) { await task; {|ENG002:handle|}.ClearAll(); } await WorkAsync(db);")]
    [InlineData("Action outer = () => { Func<Task> inner = async () => { await task; {|ENG002:db|}.ClearAll(); }; };")]
    public Task Flags_uses_in_async_lambdas_anonymous_methods_and_local_functions(string statements) =>
        Verify.VerifyAnalyzerAsync(Method.Fill(statements));

    [Theory]
    [InlineData("_ = Task.Run(async () => { await task; db.ClearAll(); });")]
    [InlineData("_ = Task.Run(async () => { await task; _db.ClearAll(); Stored.ClearAll(); });")]
    [InlineData("Func<Task> work = async () => { await task; parameterDb.ClearAll(); }; _ = Task.Run(work);")]
    [InlineData("async Task WorkAsync() { await task; db.ClearAll(); } _ = Task.Run(WorkAsync);")]
    [InlineData("async Task WorkAsync() { await task; db.ClearAll(); } _ = Task.Run(async () => await WorkAsync());")]
    [InlineData("Parallel.ForEachAsync(new[] { 1 }, async (item, token) => { await task; db.ClearAll(); });")]
    public Task Leaves_captured_values_of_delegates_run_on_another_thread_to_ENG001(string statements) =>
        Verify.VerifyAnalyzerAsync(Method.Fill(statements));

    [Theory]
    [InlineData("_ = Task.Run(async () => { var own = Database.InMemory(); await task; {|ENG002:own|}.ClearAll(); });")]
    [InlineData("_ = Task.Run(async () => { await task; db.ClearAll(); }); await task; {|ENG002:db|}.ClearAll();")]
    [InlineData("Func<Task> work = async () => { await task; {|ENG002:db|}.ClearAll(); }; work = async () => await task; _ = Task.Run(work);")]
    public Task Flags_values_a_delegate_run_on_another_thread_obtains_itself_and_uses_outside_it(string statements) =>
        Verify.VerifyAnalyzerAsync(Method.Fill(statements));

    [Theory]
    [InlineData("await task; new List<MemoryNode>().ForEach(n => {|ENG002:db|}.Save(n));")]
    [InlineData("await task; _ = new[] { NewNode() }.Select(n => {|ENG002:db|}.Save(n)).ToList();")]
    [InlineData("await task; new List<MemoryNode>().ForEach(delegate (MemoryNode n) { {|ENG002:parameterDb|}.Save(n); });")]
    [InlineData("await task; new List<MemoryNode>().ForEach(n => { {|ENG002:_db|}.Save(n); {|ENG002:Stored|}.Save(n); });")]
    [InlineData("void Clear() => {|ENG002:db|}.ClearAll(); Clear(); await task; Clear();")]
    [InlineData("void Clear() { Action inner = () => {|ENG002:db|}.ClearAll(); inner(); } await task; Clear();")]
    [InlineData("void Save(MemoryNode n) => {|ENG002:db|}.Save(n); await task; new List<MemoryNode>().ForEach(Save);")]
    [InlineData("Action clear = () => {|ENG002:db|}.ClearAll(); clear(); await task; clear();")]
    [InlineData("Action clear = () => {|ENG002:db|}.ClearAll(); await task; clear.Invoke();")]
    [InlineData("if (flag) { await task; } new List<MemoryNode>().ForEach(n => {|ENG002:db|}.Save(n));")]
    [InlineData("Func<Task> work = async () => { {|ENG002:db|}.ClearAll(); await task; }; await task; await work();")]
    public Task Flags_captures_of_functions_run_on_the_calling_thread_after_an_await(string statements) =>
        Verify.VerifyAnalyzerAsync(Method.Fill(statements));

    [Theory]
    [InlineData("await task; new List<MemoryNode>().ForEach(n => ctx.Db.Save(n));")]
    [InlineData("await task; new List<MemoryNode>().ForEach(n => { var own = ctx.Db; own.Save(n); });")]
    [InlineData("await task; Action reopen = () => { db = ctx.Db; db.ClearAll(); }; reopen();")]
    [InlineData("await task; db = ctx.Db; new List<MemoryNode>().ForEach(n => db.Save(n));")]
    [InlineData("new List<MemoryNode>().ForEach(n => db.Save(n)); await task;")]
    [InlineData("void Clear() => db.ClearAll(); Clear(); await task;")]
    [InlineData("Action clear = () => db.ClearAll(); clear(); await task;")]
    [InlineData("await task; Action clear = () => t_own?.ClearAll(); clear();")]
    [InlineData("await task; _ = Task.Run(() => db.ClearAll());")]
    [InlineData("await task; Action work = () => db.ClearAll(); _ = Task.Run(work);")]
    public Task Does_not_flag_functions_that_obtain_their_handle_or_run_before_the_await_or_on_another_thread(string statements) =>
        Verify.VerifyAnalyzerAsync(Method.Fill(statements));

    [Fact]
    public async Task A_lambda_run_on_another_thread_after_an_await_gets_only_ENG001()
    {
        var reported = await RunCaptureRulesTogetherAsync(
            "await task; _ = Task.Run(() => db.ClearAll()); new List<MemoryNode>().ForEach(n => db.Save(n));");

        Assert.Equal(new[] { ("ENG001", "db"), ("ENG002", "db") }, reported);
    }

    [Fact]
    public Task Message_of_a_capture_names_the_value_and_the_await_it_crossed() =>
        Verify.VerifyAnalyzerAsync(
            Method.Fill("""
                await task;
                        new List<MemoryNode>().ForEach(n => {|#0:db|}.Save(n));
                """),
            Verify.Diagnostic("ENG002").WithLocation(0).WithArguments("db", "EngramDb.Database", "", "", "await", 22));

    [Fact]
    public async Task An_async_lambda_run_on_another_thread_gets_one_diagnostic_per_use_from_ENG001()
    {
        var reported = await RunCaptureRulesTogetherAsync(
            "_ = Task.Run(async () => { await task; db.ClearAll(); var own = Database.InMemory(); await task; own.ClearAll(); });");

        Assert.Equal(new[] { ("ENG001", "db"), ("ENG002", "own") }, reported);
    }

    /// <summary>ENG001 and ENG002 together over <paramref name="statements"/>: each diagnostic's id and reported text, in source order.</summary>
    private static async Task<(string Id, string Source)[]> RunCaptureRulesTogetherAsync(string statements)
    {
        var compilation = await AnalyzerRunner.CreateCompilationAsync(referenceRuntime: true, Method.Fill(statements));
        var outcome = await AnalyzerRunner.RunAsync(
            compilation, ImmutableArray.Create<DiagnosticAnalyzer>(new CapturedByOtherThreadAnalyzer(), new UsedAcrossAwaitAnalyzer()));

        Assert.Empty(outcome.AnalyzerExceptions);
        return outcome.Diagnostics
            .OrderBy(diagnostic => diagnostic.Location.SourceSpan.Start)
            .Select(diagnostic => (diagnostic.Id, diagnostic.Location.SourceTree!.GetText().ToString(diagnostic.Location.SourceSpan)))
            .ToArray();
    }

    [Theory]
    [InlineData("await task.ConfigureAwait(false); {|ENG002:db|}.ClearAll();")]
    [InlineData("await task.ConfigureAwait(ConfigureAwaitOptions.None); {|ENG002:db|}.ClearAll();")]
    [InlineData("await Task.CompletedTask.ConfigureAwait(ConfigureAwaitOptions.ForceYielding); {|ENG002:db|}.ClearAll();")]
    [InlineData("await Task.FromResult(1).ConfigureAwait(ConfigureAwaitOptions.ForceYielding | ConfigureAwaitOptions.ContinueOnCapturedContext); {|ENG002:db|}.ClearAll();")]
    [InlineData("await new ValueTask(task); {|ENG002:db|}.ClearAll();")]
    public Task Flags_awaits_that_may_suspend_whatever_they_await(string statements) =>
        Verify.VerifyAnalyzerAsync(Method.Fill(statements));

    [Theory]
    [InlineData("db.ClearAll(); await task;")]
    [InlineData("await task; db = Database.FileBased(\"store\"); db.ClearAll();")]
    [InlineData("await task; db = ctx.Db; db.ClearAll();")]
    [InlineData("await task; ctx.Db.ClearAll();")]
    [InlineData("await task; EngramThreadSafe.GetThreadSafeContext(\"store\").Db.ClearAll();")]
    [InlineData("await task; if (TryOpen(out db)) { db.ClearAll(); }")]
    [InlineData("await task; if (TryOpen(out var own)) { own.ClearAll(); }")]
    [InlineData("task.Wait(); db.ClearAll();")]
    [InlineData("var n = Task.Run(() => 1).Result; db.ClearAll();")]
    [InlineData("await task; db.Dispose();")]
    [InlineData("using var own = Database.FileBased(\"store\"); own.ClearAll(); await task;")]
    [InlineData("using (var own = Database.FileBased(\"store\")) { own.ClearAll(); await task; }")]
    [InlineData("await task; if (db != null && !(db is null) && db == parameterDb) { }")]
    [InlineData("await task; var name = nameof(db);")]
    [InlineData("await task; t_own?.ClearAll();")]
    [InlineData("await task; Computed.ClearAll();")]
    // A static handle is ENG003's finding wherever it is used: one bug, one report.
    [InlineData("await task; s_shared!.ClearAll();")]
    [InlineData("_ = Task.Run(async () => { await task; s_shared!.ClearAll(); });")]
    // Reference comparisons and type tests do not touch the handle.
    [InlineData("await task; if (ReferenceEquals(db, parameterDb) || object.ReferenceEquals(_db, null)) { }")]
    [InlineData("await task; object boxed = db; if (boxed is Database) { }")]
    [InlineData("await task; if (db is Database && parameterDb is not null) { }")]
    [InlineData("var handles = new PerThread<Database>(Database.InMemory); await task; handles.Value.ClearAll();")]
    [InlineData("var node = NewNode(); await task; node.SetAttribute(\"k\", 1); ctx.StoreMessage(\"user\", \"hi\");")]
    public Task Does_not_flag_values_obtained_after_the_await_or_not_touched_after_it(string statements) =>
        Verify.VerifyAnalyzerAsync(Method.Fill(statements));

    [Theory]
    [InlineData("if (flag) { await task; return; } db.ClearAll();")]
    [InlineData("for (var i = 0; i < 3; i++) { db = ctx.Db; db.ClearAll(); await task; }")]
    [InlineData("while (flag) { var own = ctx.Db; own.ClearAll(); await task; }")]
    [InlineData("try { db.ClearAll(); } finally { await task; }")]
    [InlineData("try { await task; } catch (Exception) { return; } finally { db = ctx.Db; } db.ClearAll();")]
    [InlineData("switch (flag) { case true: await task; db = ctx.Db; break; } db.ClearAll();")]
    [InlineData("Func<Task> work = async () => { db.ClearAll(); await task; };")]
    [InlineData("Func<Task> work = async () => { await task; var own = ctx.Db; own.ClearAll(); };")]
    [InlineData("async Task WorkAsync() { await task; } db.ClearAll();")]
    public Task Does_not_flag_paths_that_never_reach_the_use_through_an_await(string statements) =>
        Verify.VerifyAnalyzerAsync(Method.Fill(statements));

    [Theory]
    [InlineData("await Task.CompletedTask; db.ClearAll();")]
    [InlineData("await Task.FromResult(1); db.ClearAll();")]
    [InlineData("await ValueTask.CompletedTask; db.ClearAll();")]
    [InlineData("await ValueTask.FromResult(1); db.ClearAll();")]
    [InlineData("await new ValueTask<int>(1); await default(ValueTask); db.ClearAll();")]
    [InlineData("await Task.CompletedTask.ConfigureAwait(false); db.ClearAll();")]
    public Task Does_not_flag_awaits_of_completed_tasks(string statements) =>
        Verify.VerifyAnalyzerAsync(Method.Fill(statements));

    [Fact]
    public Task Message_names_the_value_and_the_line_of_the_await() =>
        Verify.VerifyAnalyzerAsync(
            Method.Fill("""
                db.ClearAll();
                        await task;
                        {|#0:db|}.ClearAll();
                """),
            Verify.Diagnostic("ENG002").WithLocation(0).WithArguments("db", "EngramDb.Database", "", "", "await", 23));

    [Fact]
    public Task One_value_used_after_one_await_is_one_report_with_the_later_uses_as_additional_locations() =>
        Verify.VerifyAnalyzerAsync(
            Method.Fill("""
                await task;
                        {|#0:parameterDb|}.ClearAll();
                        {|#1:parameterDb|}.ListAll();
                        if (flag) { {|#2:parameterDb|}.ClearAll(); }
                        await Task.Yield();
                        {|#3:db|}.ClearAll();
                """),
            Verify.Diagnostic("ENG002").WithLocation(0).WithLocation(1).WithLocation(2).WithArguments("parameterDb", "EngramDb.Database", "", "", "await", 22),
            Verify.Diagnostic("ENG002").WithLocation(3).WithArguments("db", "EngramDb.Database", "", "", "await", 26));

    [Fact]
    public Task Message_names_the_line_the_source_maps_the_await_to() =>
        Verify.VerifyAnalyzerAsync(
            Method.Fill("""
                db.ClearAll();
                #line 40 "Page.md"
                        await task;
                        {|#0:db|}.ClearAll();
                #line default
                """),
            Verify.Diagnostic("ENG002").WithLocation(0).WithArguments("db", "EngramDb.Database", "", "", "await", 40));

    [Fact]
    public Task Names_the_first_await_when_several_reach_the_use() =>
        Verify.VerifyAnalyzerAsync(
            Method.Fill("""
                if (flag) { await task; } else { await Task.Yield(); }
                        {|#0:parameterDb|}.ClearAll();
                """),
            Verify.Diagnostic("ENG002").WithLocation(0).WithArguments("parameterDb", "EngramDb.Database", "", "", "await", 22));

    [Fact]
    public Task Flags_returned_handles_and_values_in_top_level_statements() =>
        new Verify.Test
        {
            TestCode = """
                using System.Threading.Tasks;
                using EngramDb;

                var db = Database.FileBased("store");
                db.ClearAll();
                await Task.Delay(1);
                {|ENG002:db|}.ClearAll();
                var returned = await OpenAsync();

                static async Task<Database> OpenAsync()
                {
                    var handle = Database.InMemory();
                    await Task.Delay(1);
                    return {|ENG002:handle|};
                }
                """,
            TestState = { OutputKind = OutputKind.ConsoleApplication },
        }.RunAsync(CancellationToken.None);

    [Fact]
    public Task Flags_async_lambdas_in_field_initializers_and_expression_bodies() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using System.Threading.Tasks;
            using EngramDb;

            class Handlers(Database db)
            {
                private readonly Func<Task> _onTick = async () => { await Task.Delay(1); {|ENG002:db|}.ClearAll(); };

                public async Task<int> CountAsync() => (await Task.Run(() => 1)) + {|ENG002:db|}.ListAll().Count;
            }
            """);

    [Theory]
    [InlineData("engram_single_threaded_sync_context = true")]
    [InlineData("engram_single_threaded_sync_context = True")]
    public Task Single_threaded_context_setting_allows_plain_awaits(string setting) =>
        Verify.VerifyAnalyzerWithEditorConfigAsync(
            Method.Fill("await task; db.ClearAll(); await foreach (var item in items) { db.ClearAll(); } await task.ConfigureAwait(true); db.ClearAll();"),
            setting);

    [Theory]
    [InlineData("await task.ConfigureAwait(false); {|ENG002:db|}.ClearAll();")]
    [InlineData("await task.ConfigureAwait(flag); {|ENG002:db|}.ClearAll();")]
    [InlineData("await task.ConfigureAwait(ConfigureAwaitOptions.None); {|ENG002:db|}.ClearAll();")]
    [InlineData("await task; await Task.Run(() => 1).ConfigureAwait(false); {|ENG002:db|}.ClearAll();")]
    [InlineData("await foreach (var item in items.ConfigureAwait(false)) { {|ENG002:db|}.ClearAll(); }")]
    public Task Single_threaded_context_setting_still_flags_ConfigureAwait_false(string statements) =>
        Verify.VerifyAnalyzerWithEditorConfigAsync(Method.Fill(statements), "engram_single_threaded_sync_context = true");

    [Fact]
    public Task Single_threaded_context_setting_is_read_from_a_globalconfig() =>
        Verify.VerifyAnalyzerWithGlobalConfigAsync(
            Method.Fill("await task; db.ClearAll(); await task.ConfigureAwait(false); {|ENG002:db|}.ClearAll();"),
            "engram_single_threaded_sync_context = true");

    [Theory]
    [InlineData("build_property.UseWPF = true")]
    [InlineData("build_property.UseWindowsForms = true")]
    public Task Wpf_and_Windows_Forms_projects_have_a_single_threaded_context(string projectProperty) =>
        Verify.VerifyAnalyzerWithGlobalConfigAsync(
            Method.Fill("await task; db.ClearAll(); await task.ConfigureAwait(false); {|ENG002:db|}.ClearAll();"),
            projectProperty);

    [Theory]
    [InlineData("build_property.UseWPF = false")]
    [InlineData("build_property.UseWindowsForms = false")]
    [InlineData("build_property.UseWPF = true\nengram_single_threaded_sync_context = false")]
    public Task Other_projects_and_an_explicit_false_setting_flag_plain_awaits(string globalConfig) =>
        Verify.VerifyAnalyzerWithGlobalConfigAsync(Method.Fill("await task; {|ENG002:db|}.ClearAll();"), globalConfig);

    [Fact]
    public Task Editorconfig_false_overrides_a_Wpf_project_for_its_files()
    {
        var test = new Verify.Test { TestCode = Method.Fill("await task; {|ENG002:db|}.ClearAll();") };
        test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\nbuild_property.UseWPF = true\n"));
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*.cs]\nengram_single_threaded_sync_context = false\n"));
        return test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public Task Flags_configured_third_party_types_and_user_declared_attributes() =>
        Verify.VerifyAnalyzerWithEditorConfigAsync(
            """
            using System;
            using System.IO;
            using System.Threading.Tasks;

            namespace Acme
            {
                [AttributeUsage(AttributeTargets.Class)]
                sealed class ThreadAffineAttribute : Attribute { }

                [ThreadAffine]
                sealed class ComHandle { public void Call() { } }

                static class Worker
                {
                    static async Task RunAsync(ComHandle handle, Stream stream, TextWriter writer)
                    {
                        await Task.Delay(1);
                        {|ENG002:handle|}.Call();
                        {|ENG002:stream|}.WriteByte(1);
                        writer.WriteLine();
                    }
                }
            }
            """,
            "engram_thread_affine_types = System.IO.Stream");
}
