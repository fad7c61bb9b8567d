namespace Engram.Benchmarks.AnalyzerOverhead.Generator;

/// <summary>What a generated file contains. Every module of <see cref="Names.FilesPerModule"/> files has the same mix.</summary>
internal enum FileKind
{
    /// <summary>The module's DI registrations (5% of files).</summary>
    ModuleRegistration,

    /// <summary>Async services with Task.Run, Parallel, LINQ and static state that never touch a thread-affine type (70%).</summary>
    PlainService,

    /// <summary>Code on the runtime's types: ThreadSafeAgentContext, Database, PerThread (15%).</summary>
    AgentMemory,

    /// <summary>A [ThreadAffine] type of the application's own and the code that uses it (10%).</summary>
    AffineSurface,
}

internal static class FileKinds
{
    public static FileKind Of(int index) => (index % Names.FilesPerModule) switch
    {
        0 => FileKind.ModuleRegistration,
        1 or 2 or 3 => FileKind.AgentMemory,
        4 or 5 => FileKind.AffineSurface,
        _ => FileKind.PlainService,
    };
}
