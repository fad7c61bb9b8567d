using System;

namespace EngramDb.Threading;

/// <summary>
/// Marks a type whose instances must only be used on the thread that created them.
/// </summary>
/// <remarks>
/// The Engram analyzers recognise any attribute named <c>ThreadAffineAttribute</c>, in any namespace,
/// so a library can declare its own copy instead of depending on this package.
/// </remarks>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Interface, Inherited = true, AllowMultiple = false)]
public sealed class ThreadAffineAttribute : Attribute
{
}
