using Xunit;

namespace Engram.Runtime.Tests.TestSupport;

/// <summary>
/// Tests that change process-wide environment variables (such as <c>ENGRAMDB_PATH</c>) join this collection, which runs
/// alone after the parallel ones, so no other test reads a variable while it is changed.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessEnvironmentCollection
{
    public const string Name = "Process environment";
}
