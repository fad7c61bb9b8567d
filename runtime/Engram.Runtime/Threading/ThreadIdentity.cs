using System;
using System.Runtime.CompilerServices;

namespace EngramDb.Threading;

/// <summary>An object unique to the calling thread, never shared with another thread, dead or alive.</summary>
/// <remarks>
/// Managed thread ids are reused: once a thread has exited and its <see cref="System.Threading.Thread"/> object has been collected, a
/// new thread may get the same id. A token is created per thread and compared by reference, so a thread that reuses
/// an id still has a token of its own. Holding a token does not keep its thread's <see cref="System.Threading.Thread"/> object alive.
/// </remarks>
internal static class ThreadIdentity
{
    [ThreadStatic]
    private static object? t_token;

    public static object Current
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => t_token ?? CreateToken();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static object CreateToken() => t_token = new object();
}
