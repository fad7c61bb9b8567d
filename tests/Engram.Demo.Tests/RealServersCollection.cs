using Xunit;

namespace Engram.Demo.Tests;

/// <summary>
/// The server tests run one at a time: each one loads the machine on purpose, and two at once would only slow both.
/// </summary>
[CollectionDefinition(Name)]
public sealed class RealServersCollection
{
    public const string Name = "Real servers";
}
