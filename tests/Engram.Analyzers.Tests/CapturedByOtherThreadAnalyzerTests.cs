using System.Threading.Tasks;
using Engram.Analyzers.Tests.TestSupport;
using Xunit;
using Verify = Engram.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<Engram.Analyzers.Rules.CapturedByOtherThreadAnalyzer>;

namespace Engram.Analyzers.Tests;

public sealed class CapturedByOtherThreadAnalyzerTests
{
    private static readonly CodeTemplate Method = CodeTemplate.HandlesInMethod;

    [Theory]
    [InlineData("Task.Run(() => {|ENG001:db|}.ClearAll());")]
    [InlineData("Task.Run(async () => { await Task.Yield(); {|ENG001:db|}.ClearAll(); });")]
    [InlineData("Task.Run((Action)(() => {|ENG001:db|}.ClearAll()));")]
    [InlineData("Task.Factory.StartNew(() => {|ENG001:db|}.ClearAll());")]
    [InlineData("Task.Factory.StartNew(() => {|ENG001:db|}.ClearAll(), CancellationToken.None, TaskCreationOptions.None, TaskScheduler.Default);")]
    [InlineData("new TaskFactory<int>().StartNew(() => {|ENG001:db|}.ListAll().Count);")]
    [InlineData("task.ContinueWith(_ => {|ENG001:db|}.ClearAll());")]
    [InlineData("Task.FromResult(1).ContinueWith(previous => {|ENG001:db|}.Delete(Guid.Empty));")]
    [InlineData("var pool = TaskScheduler.Default; task.ContinueWith(_ => {|ENG001:db|}.ClearAll(), pool);")]
    [InlineData("var ui = TaskScheduler.FromCurrentSynchronizationContext(); ui = TaskScheduler.Default; task.ContinueWith(_ => {|ENG001:db|}.ClearAll(), ui);")]
    [InlineData("new Thread(() => {|ENG001:db|}.ClearAll()).Start();")]
    [InlineData("new Thread(delegate (object? state) { {|ENG001:db|}.ClearAll(); }).Start(null);")]
    [InlineData("ThreadPool.QueueUserWorkItem(_ => {|ENG001:db|}.ClearAll());")]
    [InlineData("ThreadPool.UnsafeQueueUserWorkItem(_ => {|ENG001:db|}.ClearAll(), null);")]
    [InlineData("Parallel.For(0, 4, i => {|ENG001:db|}.ClearAll());")]
    [InlineData("Parallel.ForEach(items, item => {|ENG001:db|}.ClearAll());")]
    [InlineData("Parallel.Invoke(() => { }, () => {|ENG001:db|}.ClearAll());")]
    [InlineData("Parallel.ForEachAsync(items, async (item, token) => { await Task.Yield(); {|ENG001:db|}.ClearAll(); });")]
    [InlineData("Parallel.ForAsync(0, 4, (i, token) => { {|ENG001:db|}.ClearAll(); return ValueTask.CompletedTask; });")]
    [InlineData("items.AsParallel().Select(item => {|ENG001:db|}.ListAll().Count).ToList();")]
    [InlineData("items.AsParallel().ForAll(item => {|ENG001:db|}.ClearAll());")]
    [InlineData("new System.Threading.Timer(_ => {|ENG001:db|}.ClearAll(), null, 0, 1000);")]
    [InlineData("var timer = new System.Timers.Timer(1000); timer.Elapsed += (sender, e) => {|ENG001:db|}.ClearAll();")]
    public Task Flags_handle_captured_by_a_delegate_given_to_each_sink(string statements) =>
        Verify.VerifyAnalyzerAsync(Method.Fill(statements));

    [Theory]
    [InlineData("Task.Run(() => {|ENG001:parameterDb|}.ClearAll());")]
    [InlineData("Database? maybe = db; Task.Run(() => {|ENG001:maybe|}!.ClearAll());")]
    [InlineData("Task.Run(() => items.Select(item => {|ENG001:db|}.ListAll().Count).Sum());")]
    [InlineData("Task.Run(() => { {|ENG001:db|}.ClearAll(); {|ENG001:db|}.ListAll(); });")]
    [InlineData("Task.Run({|ENG001:db|}.ClearAll);")]
    [InlineData("void Work() => {|ENG001:db|}.ClearAll(); new Thread(Work).Start();")]
    [InlineData("void Work() => {|ENG001:db|}.ClearAll(); Task.Run(() => Work());")]
    [InlineData("void Outer() => Inner(); void Inner() => {|ENG001:db|}.ClearAll(); Task.Run(Outer);")]
    [InlineData("Task.Run(() => Task.Run(() => {|ENG001:db|}.ClearAll()));")]
    [InlineData("Task.Run(() => { var own = Database.InMemory(); new Thread(() => {|ENG001:own|}.ClearAll()).Start(); });")]
    public Task Flags_each_kind_of_capture_of_locals_and_parameters(string statements) =>
        Verify.VerifyAnalyzerAsync(Method.Fill(statements));

    [Theory]
    [InlineData("Task.Run(() => { using var own = Database.InMemory(); own.ClearAll(); });")]
    [InlineData("var node = new MemoryNode(new float[] { 1f }); Task.Run(() => node.SetAttribute(\"k\", 1));")]
    [InlineData("Task.Run(() => ctx.Db.ClearAll());")]
    [InlineData("Task.Run(() => EngramThreadSafe.GetThreadSafeContext().Db.ClearAll());")]
    [InlineData("var handles = new PerThread<Database>(Database.InMemory); Task.Run(() => handles.Value.ClearAll());")]
    [InlineData("var handles = new ThreadLocal<Database>(Database.InMemory); Task.Run(() => handles.Value!.ClearAll());")]
    [InlineData("var counts = items.Select(item => db.ListAll().Count).ToList();")]
    [InlineData("Func<int> count = () => db.ListAll().Count; count();")]
    [InlineData("task.ContinueWith(_ => db.ClearAll(), TaskScheduler.FromCurrentSynchronizationContext());")]
    [InlineData("var ui = TaskScheduler.FromCurrentSynchronizationContext(); task.ContinueWith(_ => db.ClearAll(), ui);")]
    [InlineData("TaskScheduler ui = TaskScheduler.FromCurrentSynchronizationContext(); task.ContinueWith(_ => db.ClearAll(), CancellationToken.None, TaskContinuationOptions.None, ui);")]
    [InlineData("Task.Run(() => nameof(db));")]
    [InlineData("db.ClearAll(); Task.Run(() => items.Length);")]
    [InlineData("Task.Run(() => { var own = Database.InMemory(); void Use() => own.ClearAll(); Use(); });")]
    [InlineData("Parallel.ForEach(items, item => { var own = Database.InMemory(); own.ClearAll(); });")]
    public Task Does_not_flag_values_owned_by_the_running_thread_or_delegates_run_on_the_calling_thread(string statements) =>
        Verify.VerifyAnalyzerAsync(Method.Fill(statements));

    [Theory]
    [InlineData("Action work = () => {|ENG001:db|}.ClearAll(); Task.Run(work);")]
    [InlineData("var work = () => {|ENG001:db|}.ClearAll(); Parallel.Invoke(work);")]
    [InlineData("ThreadStart work = delegate { {|ENG001:parameterDb|}.ClearAll(); }; new Thread(work).Start();")]
    [InlineData("WaitCallback callback = _ => {|ENG001:db|}.ClearAll(); ThreadPool.QueueUserWorkItem(callback);")]
    [InlineData("Func<Task> work = async () => { await Task.Yield(); {|ENG001:db|}.ClearAll(); }; Task.Run(work);")]
    [InlineData("System.Timers.ElapsedEventHandler onElapsed = (sender, e) => {|ENG001:db|}.ClearAll(); new System.Timers.Timer(1000).Elapsed += onElapsed;")]
    [InlineData("void Work() => {|ENG001:db|}.ClearAll(); Action work = Work; Task.Run(work);")]
    [InlineData("Action<int> body = i => {|ENG001:db|}.ClearAll(); Parallel.For(0, 4, body);")]
    // Reported once, against the inner sink that moves the stored lambda, not again for the outer lambda.
    [InlineData("Task.Run(() => { Action inner = () => {|ENG001:db|}.ClearAll(); Task.Run(inner); });")]
    public Task Flags_handle_captured_by_a_lambda_kept_in_a_local_then_given_to_a_sink(string statements) =>
        Verify.VerifyAnalyzerAsync(Method.Fill(statements));

    [Theory]
    [InlineData("Action work = () => db.ClearAll(); work = () => { }; Task.Run(work);")]
    [InlineData("Action work = () => db.ClearAll(); work += () => { }; Task.Run(work);")]
    [InlineData("Action work = () => { }; if (items.Length > 0) { work = () => db.ClearAll(); } Task.Run(work);")]
    [InlineData("Action work = () => db.ClearAll(); work(); work.Invoke();")]
    [InlineData("Action<int> work = item => db.ClearAll(); new List<int>(items).ForEach(work);")]
    [InlineData("Func<int> count = () => db.ListAll().Count; var counts = items.Select(item => count()).ToList();")]
    [InlineData("Action work = () => { using var own = Database.InMemory(); own.ClearAll(); }; Task.Run(work);")]
    public Task Does_not_flag_delegate_locals_that_are_reassigned_or_not_given_to_a_sink(string statements) =>
        Verify.VerifyAnalyzerAsync(Method.Fill(statements));

    [Fact]
    public Task Message_names_the_value_its_type_and_the_sink() =>
        Verify.VerifyAnalyzerAsync(
            Method.Fill("Parallel.Invoke(() => {|#0:db|}.ClearAll());"),
            Verify.Diagnostic("ENG001").WithLocation(0).WithArguments("db", "EngramDb.Database", "", "captured by a delegate passed to 'Parallel.Invoke', which runs on another thread"));

    [Fact]
    public Task Flags_fields_and_stored_properties_of_this_but_not_computed_properties() =>
        Verify.VerifyAnalyzerAsync("""
            using System.Threading.Tasks;
            using EngramDb;

            class Repository
            {
                private readonly Database _db = Database.InMemory();
                private readonly string _path = "memory.engramdb";

                public Database Stored { get; } = Database.InMemory();

                public Database Forwarded => _db;

                private Database? _active;

                public Database Guarded => _active ?? throw new System.InvalidOperationException("Not connected");

                public Database PerThread => EngramThreadSafe.GetThreadSafeContext(_path).Db;

                public Task Run() => Task.Run(() =>
                {
                    {|ENG001:_db|}.ClearAll();
                    {|ENG001:this._db|}.ClearAll();
                    {|ENG001:Stored|}.ClearAll();
                    {|ENG001:Forwarded|}.ClearAll();
                    {|ENG001:Guarded|}.ClearAll();
                    PerThread.ClearAll();
                });
            }
            """);

    [Fact]
    public Task Flags_primary_constructor_parameters() =>
        Verify.VerifyAnalyzerAsync("""
            using System.Threading.Tasks;
            using EngramDb;

            class Repository(Database db)
            {
                public Task Run() => Task.Run(() => {|ENG001:db|}.ClearAll());
            }
            """);

    [Fact]
    public Task Does_not_flag_thread_static_fields() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using System.Threading.Tasks;
            using EngramDb;

            static class Handles
            {
                [ThreadStatic]
                private static Database? t_db;

                public static Task Run() => Task.Run(() => (t_db ??= Database.InMemory()).ClearAll());
            }
            """);

    [Fact]
    public Task Flags_subclasses_interfaces_and_constrained_type_parameters_of_affine_types() =>
        Verify.VerifyAnalyzerAsync("""
            using System.Threading.Tasks;
            using EngramDb.Threading;

            [ThreadAffine]
            class Handle { }

            class DerivedHandle : Handle { }

            [ThreadAffine]
            interface IConnection { }

            class Connection : IConnection { }

            class Worker
            {
                void Run<THandle>(DerivedHandle derived, Connection connection, THandle constrained)
                    where THandle : Handle
                {
                    Task.Run(() => {|ENG001:derived|}.ToString());
                    Task.Run(() => {|ENG001:connection|}.ToString());
                    Task.Run(() => {|ENG001:constrained|}.ToString());
                }
            }
            """);

    [Fact]
    public Task Flags_types_marked_with_a_ThreadAffineAttribute_declared_in_another_namespace() =>
        Verify.VerifyAnalyzerAsync("""
            using System;
            using System.Threading.Tasks;

            namespace Acme.Interop
            {
                [AttributeUsage(AttributeTargets.Class)]
                sealed class ThreadAffineAttribute : Attribute { }

                [ThreadAffine]
                sealed class ComHandle { public void Call() { } }

                sealed class NotAffine { public void Call() { } }

                static class Worker
                {
                    static void Run(ComHandle handle, NotAffine other)
                    {
                        Task.Run(() => {|ENG001:handle|}.Call());
                        Task.Run(() => other.Call());
                    }
                }
            }
            """);

    // Methods of Worker passed as method groups in HOLE. {|#n:...|} marks the first use of a member in a
    // method, the diagnostic's related location; {|#0:...|} in HOLE marks the method group.
    private static readonly CodeTemplate MethodGroups = new("""
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using System.Timers;
        using EngramDb;

        class Worker
        {
            [ThreadStatic]
            private static Database? t_db;

            private readonly Database _db = Database.InMemory();
            private readonly string _path = "store";

            private Database Stored { get; } = Database.InMemory();

            private Database Forwarded => _db;

            void Work() => {|#1:_db|}.ClearAll();

            async Task ProcessAsync()
            {
                await Task.Yield();
                {|#2:Stored|}.ClearAll();
                Stored.ListAll();
            }

            void Callback(object? state) => {|#3:_db|}.ClearAll();

            void OnElapsed(object? sender, ElapsedEventArgs e)
            {
                {|#4:_db|}.ClearAll();
                _db.ListAll();
            }

            int Count() => {|#5:Forwarded|}.ListAll().Count;

            void Use(int item) => _db.ClearAll();

            void OwnHandle()
            {
                using var own = Database.InMemory();
                own.ClearAll();
            }

            void ThreadsOwnHandle() => EngramThreadSafe.GetThreadSafeContext(_path).Db.ClearAll();

            static void StaticWork() => (t_db ??= Database.InMemory()).ClearAll();

            void CallsWork() => Work();

            void Run(Worker other, List<int> items)
            {
                HOLE
            }
        }
        """);

    [Theory]
    [InlineData("new Thread({|#0:Work|}).Start();", 1, "_db", "new Thread")]
    [InlineData("Task.Run({|#0:ProcessAsync|});", 2, "Stored", "Task.Run")]
    [InlineData("ThreadPool.QueueUserWorkItem({|#0:Callback|});", 3, "_db", "ThreadPool.QueueUserWorkItem")]
    [InlineData("new System.Threading.Timer({|#0:Callback|}, null, 0, 1000);", 3, "_db", "new Timer")]
    [InlineData("var timer = new System.Timers.Timer(1000); timer.Elapsed += {|#0:OnElapsed|};", 4, "_db", "Timer.Elapsed")]
    [InlineData("Task.Run({|#0:Count|});", 5, "Forwarded", "Task.Run")]
    [InlineData("Task.Run({|#0:this.Work|});", 1, "_db", "Task.Run")]
    [InlineData("Task.Run({|#0:other.Work|});", 1, "_db", "Task.Run")]
    [InlineData("new Thread(new ThreadStart({|#0:Work|})).Start();", 1, "_db", "new Thread")]
    [InlineData("Action work = {|#0:Work|}; Task.Run(work);", 1, "_db", "Task.Run")]
    public Task Flags_method_groups_whose_method_uses_affine_state_of_the_receiver(string statements, int useMarker, string member, string sink) =>
        Verify.VerifyAnalyzerAsync(
            MethodGroups.Fill(statements),
            Verify.Diagnostic("ENG001").WithLocation(0).WithLocation(useMarker).WithArguments(member, "EngramDb.Database", "", $"captured by a delegate passed to '{sink}', which runs on another thread"));

    [Theory]
    [InlineData("Task.Run(OwnHandle);")]
    [InlineData("Task.Run(ThreadsOwnHandle);")]
    [InlineData("Task.Run(StaticWork); new Thread(StaticWork).Start();")]
    [InlineData("items.ForEach(Use);")]
    [InlineData("Func<int> count = Count; count();")]
    public Task Does_not_flag_method_groups_that_leave_the_receivers_affine_state_alone_or_run_on_the_calling_thread(string statements) =>
        Verify.VerifyAnalyzerAsync(MethodGroups.Fill(statements));

    [Fact]
    public Task Flags_a_method_group_of_a_method_declared_in_another_file_at_the_method_group()
    {
        var test = new Verify.Test
        {
            TestState =
            {
                Sources =
                {
                    ("Worker.Run.cs", """
                        using System.Threading.Tasks;

                        partial class Worker
                        {
                            Task Run() => Task.Run({|#0:Save|});
                        }
                        """),
                    ("Worker.Save.cs", """
                        using EngramDb;

                        partial class Worker
                        {
                            private readonly Database _db = Database.InMemory();

                            void Save() => {|#1:_db|}.Save(new MemoryNode(new[] { 1f }));
                        }
                        """),
                },
            },
        };
        test.ExpectedDiagnostics.Add(Verify.Diagnostic("ENG001").WithLocation(0).WithLocation(1).WithArguments("_db", "EngramDb.Database", "", "captured by a delegate passed to 'Task.Run', which runs on another thread"));
        return test.RunAsync();
    }

    [Fact]
    public Task Does_not_search_abstract_or_interface_methods_passed_as_method_groups() =>
        Verify.VerifyAnalyzerAsync("""
            using System.Threading.Tasks;
            using EngramDb;

            interface IJob { void Execute(); }

            abstract class Job
            {
                protected readonly Database Db = Database.InMemory();

                public abstract void Execute();
            }

            class Scheduler
            {
                Task Run(IJob job, Job other) => Task.WhenAll(Task.Run(job.Execute), Task.Run(other.Execute));
            }
            """);

    // Configured third-party types captured by Task.Run: REALM, CHILD and PY are the captures under test.
    private const string ThirdPartySource = "using System.Threading.Tasks;\n" + ThirdPartyTypes.Declarations + """
        class Worker
        {
            void Run(Realms.Realm realm, Realms.RealmChild child, Python.Runtime.Interop.PyObject py, PythonTools.Console console)
            {
                Task.Run(() => REALM.Write());
                Task.Run(() => CHILD.Write());
                Task.Run(() => PY.Call());
                Task.Run(() => console.Call());
            }
        }
        """;

    [Fact]
    public Task Flags_types_configured_in_editorconfig_including_namespace_wildcards_and_subclasses() =>
        Verify.VerifyAnalyzerWithEditorConfigAsync(
            ThirdPartySource.Replace("REALM", "{|ENG001:realm|}").Replace("CHILD", "{|ENG001:child|}").Replace("PY", "{|ENG001:py|}"),
            "engram_thread_affine_types = Realms.Realm , Python.*");

    [Fact]
    public Task Flags_types_configured_in_globalconfig() =>
        Verify.VerifyAnalyzerWithGlobalConfigAsync(
            ThirdPartySource.Replace("REALM", "realm").Replace("CHILD", "child").Replace("PY", "{|ENG001:py|}"),
            "engram_thread_affine_types = Python.Runtime.Interop.PyObject");

    [Fact]
    public Task Does_not_flag_unconfigured_types_or_namespaces_that_only_share_a_prefix() =>
        Verify.VerifyAnalyzerWithEditorConfigAsync(
            ThirdPartySource.Replace("REALM", "realm").Replace("CHILD", "child").Replace("PY", "py"),
            "engram_thread_affine_types = Realms.Missing, Python.Runtime.Interop.PyObject.*, Pyth.*");
}
