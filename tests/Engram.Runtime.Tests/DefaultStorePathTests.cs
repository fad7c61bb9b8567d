using System;
using System.IO;
using Engram.Runtime.Tests.TestSupport;
using EngramDb;
using Xunit;

namespace Engram.Runtime.Tests;

[Collection(ProcessEnvironmentCollection.Name)]
public sealed class DefaultStorePathTests
{
    [Fact]
    public void DefaultPath_IsEngramDbPathVariable_ElseAgentMemoryFile()
    {
        using var temp = new TempDirectory();
        var previous = Environment.GetEnvironmentVariable(EngramThreadSafe.PathEnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable(EngramThreadSafe.PathEnvironmentVariable, temp.Child("store"));
            Assert.Equal(Path.GetFullPath(temp.Child("store")), EngramThreadSafe.GetThreadSafeContext().DbPath);

            Environment.SetEnvironmentVariable(EngramThreadSafe.PathEnvironmentVariable, null);
            Assert.Equal(Path.GetFullPath("agent_memory.engramdb"), EngramThreadSafe.GetThreadSafeContext().DbPath);
        }
        finally
        {
            Environment.SetEnvironmentVariable(EngramThreadSafe.PathEnvironmentVariable, previous);
        }
    }
}
