using System;

namespace EngramDb.Threading;

/// <summary>
/// Marks a disposable scope (a transaction, a native lock, an interpreter lock) that must be disposed on the thread
/// that created it.
/// </summary>
/// <remarks>
/// The Engram analyzers report such a scope held across an <c>await</c> that may resume on another thread (ENG005):
/// its <c>Dispose</c> would then run on the wrong thread. They recognise any attribute named
/// <c>ThreadAffineScopeAttribute</c>, in any namespace, so a library can declare its own copy instead of depending on
/// this package.
/// </remarks>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Interface, Inherited = true, AllowMultiple = false)]
public sealed class ThreadAffineScopeAttribute : Attribute
{
}
