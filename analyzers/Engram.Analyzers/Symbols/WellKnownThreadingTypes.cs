using Engram.Analyzers.Extensions;
using Microsoft.CodeAnalysis;

namespace Engram.Analyzers.Symbols;

/// <summary>
/// The framework and runtime types the rules reason about, resolved once per compilation.
/// A property is <see langword="null"/> when the compilation does not reference that type.
/// </summary>
internal sealed class WellKnownThreadingTypes
{
    public WellKnownThreadingTypes(Compilation compilation)
    {
        Task = compilation.GetBestTypeByMetadataName(MetadataNames.Task);
        TaskOfT = compilation.GetBestTypeByMetadataName(MetadataNames.TaskOfT);
        ValueTask = compilation.GetBestTypeByMetadataName(MetadataNames.ValueTask);
        ValueTaskOfT = compilation.GetBestTypeByMetadataName(MetadataNames.ValueTaskOfT);
        TaskFactory = compilation.GetBestTypeByMetadataName(MetadataNames.TaskFactory);
        TaskFactoryOfT = compilation.GetBestTypeByMetadataName(MetadataNames.TaskFactoryOfT);
        TaskScheduler = compilation.GetBestTypeByMetadataName(MetadataNames.TaskScheduler);
        Parallel = compilation.GetBestTypeByMetadataName(MetadataNames.Parallel);
        ParallelEnumerable = compilation.GetBestTypeByMetadataName(MetadataNames.ParallelEnumerable);
        Thread = compilation.GetBestTypeByMetadataName(MetadataNames.Thread);
        ThreadPool = compilation.GetBestTypeByMetadataName(MetadataNames.ThreadPool);
        ThreadingTimer = compilation.GetBestTypeByMetadataName(MetadataNames.ThreadingTimer);
        TimersTimer = compilation.GetBestTypeByMetadataName(MetadataNames.TimersTimer);
        ThreadLocal = compilation.GetBestTypeByMetadataName(MetadataNames.ThreadLocal);
        AsyncLocal = compilation.GetBestTypeByMetadataName(MetadataNames.AsyncLocal);
        Lazy = compilation.GetBestTypeByMetadataName(MetadataNames.Lazy);
        ThreadStaticAttribute = compilation.GetBestTypeByMetadataName(MetadataNames.ThreadStaticAttribute);
        PerThread = compilation.GetBestTypeByMetadataName(MetadataNames.PerThread);
        CancellationToken = compilation.GetBestTypeByMetadataName(MetadataNames.CancellationToken);
        AsyncEnumerableOfT = compilation.GetBestTypeByMetadataName(MetadataNames.AsyncEnumerableOfT);
        AsyncEnumeratorOfT = compilation.GetBestTypeByMetadataName(MetadataNames.AsyncEnumeratorOfT);
        FileSystemWatcher = compilation.GetBestTypeByMetadataName(MetadataNames.FileSystemWatcher);
        Enumerable = compilation.GetBestTypeByMetadataName(MetadataNames.Enumerable);
        BackgroundService = compilation.GetBestTypeByMetadataName(MetadataNames.BackgroundService);
        EndpointRouteBuilderExtensions = compilation.GetBestTypeByMetadataName(MetadataNames.EndpointRouteBuilderExtensions);
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

    /// <summary><c>System.Threading.CancellationToken</c>: <c>Register</c> callbacks run on the thread that cancels.</summary>
    public INamedTypeSymbol? CancellationToken { get; }

    /// <summary><c>IAsyncEnumerable&lt;T&gt;</c>: an async iterator returning it resumes wherever its consumer asks for the next item.</summary>
    public INamedTypeSymbol? AsyncEnumerableOfT { get; }

    public INamedTypeSymbol? AsyncEnumeratorOfT { get; }

    /// <summary><c>System.IO.FileSystemWatcher</c>: its events are raised on the thread pool.</summary>
    public INamedTypeSymbol? FileSystemWatcher { get; }

    /// <summary><c>System.Linq.Enumerable</c>: its deferred operators run their lambdas on the thread that enumerates.</summary>
    public INamedTypeSymbol? Enumerable { get; }

    /// <summary><c>Microsoft.Extensions.Hosting.BackgroundService</c>: the host runs <c>ExecuteAsync</c> on the thread pool.</summary>
    public INamedTypeSymbol? BackgroundService { get; }

    /// <summary>ASP.NET Core's <c>MapGet</c>, <c>MapPost</c>, ...: every request runs its handler on a pool thread.</summary>
    public INamedTypeSymbol? EndpointRouteBuilderExtensions { get; }
}
