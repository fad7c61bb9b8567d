using Microsoft.CodeAnalysis;

namespace Engram.Analyzers.Threading;

/// <summary>
/// The framework and runtime types the rules reason about, resolved once per compilation.
/// A property is <see langword="null"/> when the compilation does not reference that type.
/// </summary>
internal sealed class WellKnownThreadingTypes
{
    public WellKnownThreadingTypes(Compilation compilation)
    {
        Task = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task");
        TaskOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task`1");
        ValueTask = compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask");
        ValueTaskOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask`1");
        TaskFactory = compilation.GetTypeByMetadataName("System.Threading.Tasks.TaskFactory");
        TaskFactoryOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.TaskFactory`1");
        TaskScheduler = compilation.GetTypeByMetadataName("System.Threading.Tasks.TaskScheduler");
        Parallel = compilation.GetTypeByMetadataName("System.Threading.Tasks.Parallel");
        ParallelEnumerable = compilation.GetTypeByMetadataName("System.Linq.ParallelEnumerable");
        Thread = compilation.GetTypeByMetadataName("System.Threading.Thread");
        ThreadPool = compilation.GetTypeByMetadataName("System.Threading.ThreadPool");
        ThreadingTimer = compilation.GetTypeByMetadataName("System.Threading.Timer");
        TimersTimer = compilation.GetTypeByMetadataName("System.Timers.Timer");
        ThreadLocal = compilation.GetTypeByMetadataName("System.Threading.ThreadLocal`1");
        AsyncLocal = compilation.GetTypeByMetadataName("System.Threading.AsyncLocal`1");
        Lazy = compilation.GetTypeByMetadataName("System.Lazy`1");
        ThreadStaticAttribute = compilation.GetTypeByMetadataName("System.ThreadStaticAttribute");
        PerThread = compilation.GetTypeByMetadataName("EngramDb.Threading.PerThread`1");
    }

    public INamedTypeSymbol? Task { get; }

    public INamedTypeSymbol? TaskOfT { get; }

    public INamedTypeSymbol? ValueTask { get; }

    public INamedTypeSymbol? ValueTaskOfT { get; }

    public INamedTypeSymbol? TaskFactory { get; }

    public INamedTypeSymbol? TaskFactoryOfT { get; }

    public INamedTypeSymbol? TaskScheduler { get; }

    public INamedTypeSymbol? Parallel { get; }

    public INamedTypeSymbol? ParallelEnumerable { get; }

    public INamedTypeSymbol? Thread { get; }

    public INamedTypeSymbol? ThreadPool { get; }

    /// <summary><c>System.Threading.Timer</c>: its callback runs on the thread pool.</summary>
    public INamedTypeSymbol? ThreadingTimer { get; }

    /// <summary><c>System.Timers.Timer</c>: its <c>Elapsed</c> handlers run on the thread pool.</summary>
    public INamedTypeSymbol? TimersTimer { get; }

    public INamedTypeSymbol? ThreadLocal { get; }

    public INamedTypeSymbol? AsyncLocal { get; }

    public INamedTypeSymbol? Lazy { get; }

    public INamedTypeSymbol? ThreadStaticAttribute { get; }

    /// <summary><c>EngramDb.Threading.PerThread&lt;T&gt;</c> from the runtime, when referenced.</summary>
    public INamedTypeSymbol? PerThread { get; }
}
