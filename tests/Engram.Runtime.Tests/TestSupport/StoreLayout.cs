using System;
using System.IO;

namespace Engram.Runtime.Tests.TestSupport;

/// <summary>EngramDB's on-disk layout, spelled out independently of the code under test.</summary>
public static class StoreLayout
{
    /// <summary><c>&lt;store&gt;/&lt;first two characters of id&gt;/&lt;id&gt;.json</c>.</summary>
    public static string NodeFile(string storePath, Guid id) =>
        Path.Combine(storePath, id.ToString().Substring(0, 2), id + ".json");
}
