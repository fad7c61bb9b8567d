namespace Engram.Analyzers.Symbols;

/// <summary>
/// Metadata names of the types the analyzers and the code fixes look up. Resolved through
/// <see cref="Extensions.CompilationExtensions.GetBestTypeByMetadataName"/>, never by the raw compiler API.
/// </summary>
internal static class MetadataNames
{
    public const string Task = "System.Threading.Tasks.Task";
    public const string TaskOfT = "System.Threading.Tasks.Task`1";
    public const string ValueTask = "System.Threading.Tasks.ValueTask";
    public const string ValueTaskOfT = "System.Threading.Tasks.ValueTask`1";
    public const string TaskFactory = "System.Threading.Tasks.TaskFactory";
    public const string TaskFactoryOfT = "System.Threading.Tasks.TaskFactory`1";
    public const string TaskScheduler = "System.Threading.Tasks.TaskScheduler";
    public const string Parallel = "System.Threading.Tasks.Parallel";
    public const string ParallelEnumerable = "System.Linq.ParallelEnumerable";
    public const string Thread = "System.Threading.Thread";
    public const string ThreadPool = "System.Threading.ThreadPool";
    public const string ThreadingTimer = "System.Threading.Timer";
    public const string TimersTimer = "System.Timers.Timer";
    public const string ThreadLocal = "System.Threading.ThreadLocal`1";
    public const string AsyncLocal = "System.Threading.AsyncLocal`1";
    public const string Lazy = "System.Lazy`1";
    public const string ThreadStaticAttribute = "System.ThreadStaticAttribute";
    public const string CancellationToken = "System.Threading.CancellationToken";
    public const string AsyncEnumerableOfT = "System.Collections.Generic.IAsyncEnumerable`1";
    public const string AsyncEnumeratorOfT = "System.Collections.Generic.IAsyncEnumerator`1";
    public const string FileSystemWatcher = "System.IO.FileSystemWatcher";
    public const string Enumerable = "System.Linq.Enumerable";
    public const string BackgroundService = "Microsoft.Extensions.Hosting.BackgroundService";
    public const string EndpointRouteBuilderExtensions = "Microsoft.AspNetCore.Builder.EndpointRouteBuilderExtensions";

    public const string ServiceCollectionServiceExtensions = "Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions";
    public const string ServiceCollectionDescriptorExtensions = "Microsoft.Extensions.DependencyInjection.Extensions.ServiceCollectionDescriptorExtensions";
    public const string ServiceDescriptor = "Microsoft.Extensions.DependencyInjection.ServiceDescriptor";
    public const string ServiceLifetime = "Microsoft.Extensions.DependencyInjection.ServiceLifetime";
    public const string ServiceCollectionHostedServiceExtensions = "Microsoft.Extensions.DependencyInjection.ServiceCollectionHostedServiceExtensions";
    public const string ServiceProviderServiceExtensions = "Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions";
    public const string AspNetCoreControllerBase = "Microsoft.AspNetCore.Mvc.ControllerBase";

    public const string EngramDatabase = "EngramDb.Database";
    public const string EngramThreadSafe = "EngramDb.EngramThreadSafe";
    public const string ThreadSafeAgentContext = "EngramDb.ThreadSafeAgentContext";
    public const string PerThread = "EngramDb.Threading.PerThread`1";
    public const string ThreadAffineAttribute = "EngramDb.Threading.ThreadAffineAttribute";
    public const string SendableAttribute = "EngramDb.Threading.SendableAttribute";

    /// <summary>The runtime's <c>services.AddEngramDb(...)</c>.</summary>
    public const string EngramServiceCollectionExtensions = "Microsoft.Extensions.DependencyInjection.EngramServiceCollectionExtensions";

    // Thread-affine locks and scopes (ENG005).
    public const string Mutex = "System.Threading.Mutex";
    public const string WaitHandle = "System.Threading.WaitHandle";
    public const string Monitor = "System.Threading.Monitor";
    public const string Lock = "System.Threading.Lock";
    public const string ReaderWriterLockSlim = "System.Threading.ReaderWriterLockSlim";
    public const string ReaderWriterLock = "System.Threading.ReaderWriterLock";
    public const string SpinLock = "System.Threading.SpinLock";
    public const string SemaphoreSlim = "System.Threading.SemaphoreSlim";
    public const string PythonGilState = "Python.Runtime.Py+GILState";
    public const string PythonEngine = "Python.Runtime.PythonEngine";
}
