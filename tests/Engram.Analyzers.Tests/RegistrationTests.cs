using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Engram.Analyzers.Rules;
using Engram.Analyzers.Tests.TestSupport;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Diagnostics.Telemetry;
using Xunit;

namespace Engram.Analyzers.Tests;

/// <summary>
/// No thread-affinity rule registers actions in a compilation that cannot contain a thread-affine type; ENG001 and
/// ENG003 do register when the runtime, a source-declared attribute or a configured type brings one in. ENG005 does
/// not depend on thread-affine types: it registers wherever a lock or scope type exists, and only there.
/// </summary>
public sealed class RegistrationTests
{
    private const string PlainSource = """
        using System.Threading.Tasks;

        class Worker
        {
            static object? s_state;

            Task Run(object value) => Task.Run(() => value.ToString());
        }
        """;

    private const string OwnAttributeSource = """
        namespace Acme
        {
            sealed class ThreadAffineAttribute : System.Attribute { }
        }
        """;

    private const string ConfiguredTypeSource = "namespace Realms { public class Realm { } }";

    [Fact]
    public async Task Registers_nothing_when_no_type_can_be_thread_affine()
    {
        var actions = await CountRegisteredActionsAsync(referenceRuntime: false, new[] { PlainSource });
        Assert.All(ThreadAffinityRules(actions), pair => Assert.Equal(0, pair.Value));
    }

    [Fact]
    public async Task ENG005_registers_without_thread_affine_types_because_the_framework_has_locks()
    {
        var actions = await CountRegisteredActionsAsync(referenceRuntime: false, new[] { PlainSource });
        Assert.True(actions[nameof(ScopeHeldAcrossAwaitAnalyzer)] > 0, "ENG005 registered no actions although Monitor and Mutex exist.");
    }

    [Fact]
    public async Task ENG005_registers_nothing_when_no_lock_or_scope_type_exists()
    {
        // Only a minimal core library: no Monitor, Mutex, reader/writer lock, SpinLock, pythonnet or scope type.
        var coreLibrary = CSharpSyntaxTree.ParseText("""
            namespace System
            {
                public class Object { }
                public abstract class ValueType { }
                public struct Void { }
                public struct Boolean { }
                public struct Int32 { }
                public class String { }
                public abstract class Attribute { }
            }
            """);
        var compilation = CSharpCompilation.Create(
            "NoLocks",
            new[] { coreLibrary, CSharpSyntaxTree.ParseText("class Worker { void Run() { } }") },
            references: null,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var analyzer = new ScopeHeldAcrossAwaitAnalyzer();
        var outcome = await AnalyzerRunner.RunAsync(compilation, ImmutableArray.Create<DiagnosticAnalyzer>(analyzer), collectTelemetry: true);

        Assert.Empty(outcome.AnalyzerExceptions);
        Assert.Equal(0, CountActions(outcome.Telemetry[analyzer]));
    }

    [Theory]
    [InlineData("Realms.Realm, Missing.*")]
    [InlineData(" , ,.*, *, Realms..Realm, Realms.Realm+, `1, Realms.*.Realm")]
    [InlineData("")]
    public async Task Registers_nothing_when_configured_types_do_not_resolve(string configured)
    {
        var actions = await CountRegisteredActionsAsync(
            referenceRuntime: false,
            new[] { PlainSource },
            new Dictionary<string, string> { ["engram_thread_affine_types"] = configured });
        Assert.All(ThreadAffinityRules(actions), pair => Assert.Equal(0, pair.Value));
    }

    [Fact]
    public async Task Registers_when_the_runtime_is_referenced()
    {
        var actions = await CountRegisteredActionsAsync(referenceRuntime: true, new[] { PlainSource });
        AssertRegistersActions(actions);
    }

    [Fact]
    public async Task Registers_when_source_declares_its_own_ThreadAffineAttribute()
    {
        var actions = await CountRegisteredActionsAsync(referenceRuntime: false, new[] { PlainSource, OwnAttributeSource });
        AssertRegistersActions(actions);
    }

    [Theory]
    [InlineData("Realms.Realm")]
    [InlineData("Realms.*")]
    public async Task Registers_when_a_configured_type_or_namespace_resolves(string configured)
    {
        var actions = await CountRegisteredActionsAsync(
            referenceRuntime: false,
            new[] { PlainSource, ConfiguredTypeSource },
            new Dictionary<string, string> { ["engram_thread_affine_types"] = configured });
        AssertRegistersActions(actions);
    }

    private static IEnumerable<KeyValuePair<string, int>> ThreadAffinityRules(Dictionary<string, int> actionsByAnalyzer) =>
        actionsByAnalyzer.Where(pair => pair.Key != nameof(ScopeHeldAcrossAwaitAnalyzer));

    private static void AssertRegistersActions(Dictionary<string, int> actionsByAnalyzer)
    {
        Assert.True(actionsByAnalyzer[nameof(CapturedByOtherThreadAnalyzer)] > 0, "ENG001 registered no actions.");
        Assert.True(actionsByAnalyzer[nameof(AffineValueInSharedStateAnalyzer)] > 0, "ENG003 registered no actions.");
    }

    private static async Task<Dictionary<string, int>> CountRegisteredActionsAsync(
        bool referenceRuntime, string[] sources, Dictionary<string, string>? globalOptions = null)
    {
        var compilation = await AnalyzerRunner.CreateCompilationAsync(referenceRuntime, sources);
        var analyzers = AnalyzerCatalog.CreateAll();
        var outcome = await AnalyzerRunner.RunAsync(compilation, analyzers, globalOptions, collectTelemetry: true);
        Assert.Empty(outcome.AnalyzerExceptions);
        return analyzers.ToDictionary(
            analyzer => analyzer.GetType().Name,
            analyzer => CountActions(outcome.Telemetry[analyzer]));
    }

    private static int CountActions(AnalyzerTelemetryInfo telemetry) =>
        telemetry.OperationActionsCount + telemetry.SymbolActionsCount + telemetry.SyntaxNodeActionsCount
        + telemetry.OperationBlockActionsCount + telemetry.OperationBlockStartActionsCount + telemetry.CodeBlockActionsCount
        + telemetry.CodeBlockStartActionsCount + telemetry.SemanticModelActionsCount + telemetry.SyntaxTreeActionsCount
        + telemetry.CompilationEndActionsCount + telemetry.SymbolStartActionsCount;
}
