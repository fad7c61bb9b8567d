using System;
using System.Runtime.ExceptionServices;
using System.Threading;

namespace Engram.Runtime.Tests.TestSupport;

/// <summary>Runs code on a brand-new thread and waits for it, rethrowing whatever it threw.</summary>
public static class OnThread
{
    public static void Run(Action action) => Run<object?>(() =>
    {
        action();
        return null;
    });

    public static T Run<T>(Func<T> func)
    {
        T result = default!;
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                result = func();
            }
            catch (Exception ex)
            {
                failure = ExceptionDispatchInfo.Capture(ex);
            }
        });
        thread.Start();
        thread.Join();
        failure?.Throw();
        return result;
    }
}
