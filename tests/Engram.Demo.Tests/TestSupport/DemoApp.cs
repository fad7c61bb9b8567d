using System;
using System.Linq;
using System.Reflection;

namespace Engram.Demo.Tests.TestSupport;

/// <summary>samples/ThreadSafeDemo as built beside the tests.</summary>
internal static class DemoApp
{
    public static string AssemblyPath { get; } = typeof(DemoApp).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "ThreadSafeDemoAssembly").Value
        ?? throw new InvalidOperationException("The ThreadSafeDemoAssembly assembly metadata has no value.");
}
