using System;
using EngramDb;
using Xunit;

namespace Engram.Runtime.Tests.TestSupport;

/// <summary>Runs a test against both kinds of store: <c>[Theory, MemberData(nameof(StoreKind.Both), MemberType = typeof(StoreKind))]</c>.</summary>
public static class StoreKind
{
    public const string InMemory = "in memory";
    public const string FileBased = "file based";

    public static TheoryData<string> Both => new() { InMemory, FileBased };

    /// <summary>Opens a store of <paramref name="kind"/>; a file-based one lives in <paramref name="temp"/>.</summary>
    public static Database Open(string kind, TempDirectory temp) => kind switch
    {
        InMemory => Database.InMemory(),
        FileBased => Database.FileBased(temp.Child("store")),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown store kind."),
    };
}
