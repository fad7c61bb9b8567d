using System;
using Engram.Analyzers.Extensions;
using Engram.Analyzers.Symbols;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Engram.Analyzers.CodeFixes.Rewriting;

/// <summary>
/// The Engram.Runtime API that the fixes read and write: how a handle is created and where a thread's own handle
/// comes from. <see langword="null"/> when the compilation does not reference the runtime; then no fix is offered.
/// </summary>
internal sealed class EngramRuntimeSymbols
{
    private EngramRuntimeSymbols(
        INamedTypeSymbol database,
        IMethodSymbol fileBased,
        INamedTypeSymbol engramThreadSafe,
        IMethodSymbol getThreadSafeContext,
        INamedTypeSymbol context,
        IPropertySymbol contextDb)
    {
        Database = database;
        FileBased = fileBased;
        EngramThreadSafe = engramThreadSafe;
        GetThreadSafeContext = getThreadSafeContext;
        Context = context;
        ContextDb = contextDb;
    }

    /// <summary><c>EngramDb.Database</c>, the thread-affine handle.</summary>
    public INamedTypeSymbol Database { get; }

    /// <summary><c>Database.FileBased(string path)</c>.</summary>
    public IMethodSymbol FileBased { get; }

    public INamedTypeSymbol EngramThreadSafe { get; }

    /// <summary><c>EngramThreadSafe.GetThreadSafeContext(string? dbPath, ...)</c>; its first parameter is the path.</summary>
    public IMethodSymbol GetThreadSafeContext { get; }

    /// <summary><c>ThreadSafeAgentContext</c>, the shareable context whose <c>Db</c> is the calling thread's handle.</summary>
    public INamedTypeSymbol Context { get; }

    /// <summary><c>ThreadSafeAgentContext.Db</c>: the calling thread's handle for the context's path.</summary>
    public IPropertySymbol ContextDb { get; }

    public static EngramRuntimeSymbols? TryResolve(Compilation compilation)
    {
        var database = compilation.GetBestTypeByMetadataName(MetadataNames.EngramDatabase);
        var engramThreadSafe = compilation.GetBestTypeByMetadataName(MetadataNames.EngramThreadSafe);
        var context = compilation.GetBestTypeByMetadataName(MetadataNames.ThreadSafeAgentContext);
        if (database is null || engramThreadSafe is null || context is null)
        {
            return null;
        }

        var fileBased = FindMember<IMethodSymbol>(database, "FileBased", m => m.IsStatic && m.Parameters.Length == 1);
        var getThreadSafeContext = FindMember<IMethodSymbol>(engramThreadSafe, "GetThreadSafeContext", m => m.IsStatic && m.Parameters.Length > 0);
        var contextDb = FindMember<IPropertySymbol>(context, "Db", p => !p.IsStatic);
        if (fileBased is null || getThreadSafeContext is null || contextDb is null)
        {
            return null;
        }

        return new EngramRuntimeSymbols(database, fileBased, engramThreadSafe, getThreadSafeContext, context, contextDb);
    }

    /// <summary>True when <paramref name="type"/> is <see cref="Database"/> itself (nullable or not).</summary>
    public bool IsDatabase(ITypeSymbol? type) => Database.Equals(type?.OriginalDefinition, SymbolEqualityComparer.Default);

    /// <summary>True when <paramref name="type"/> is <see cref="Context"/> itself (nullable or not).</summary>
    public bool IsContext(ITypeSymbol? type) => Context.Equals(type?.OriginalDefinition, SymbolEqualityComparer.Default);

    /// <summary>True when <paramref name="operation"/> reads <c>Db</c> of a context.</summary>
    public bool IsContextDb(IOperation operation) =>
        operation is IPropertyReferenceOperation { Instance: not null } db && ContextDb.Equals(db.Property.OriginalDefinition, SymbolEqualityComparer.Default);

    /// <summary>True when <paramref name="operation"/> is <c>Database.FileBased(path)</c>.</summary>
    public bool IsFileBased(IOperation operation) =>
        operation is IInvocationOperation call && FileBased.Equals(call.TargetMethod.OriginalDefinition, SymbolEqualityComparer.Default);

    private static TMember? FindMember<TMember>(INamedTypeSymbol type, string name, Func<TMember, bool> accept)
        where TMember : class, ISymbol
    {
        foreach (var member in type.GetMembers(name))
        {
            if (member is TMember candidate && accept(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
