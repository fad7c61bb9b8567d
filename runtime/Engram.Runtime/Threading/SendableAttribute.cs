using System;

namespace EngramDb.Threading;

/// <summary>
/// Marks a type that holds thread-affine values but is safe to share between threads, because it hands each thread
/// its own value or guards every access. The Engram analyzers then stop inferring that the type is thread-affine
/// from what it holds.
/// </summary>
/// <remarks>
/// The analyzers recognise any attribute named <c>SendableAttribute</c>, in any namespace, so a library can declare
/// its own copy instead of depending on this package. The mark applies to the type itself, not to types deriving
/// from it.
/// </remarks>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, Inherited = false, AllowMultiple = false)]
public sealed class SendableAttribute : Attribute
{
}
