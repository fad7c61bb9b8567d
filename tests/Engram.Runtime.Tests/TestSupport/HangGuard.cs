using System;
using System.Runtime.ExceptionServices;
using System.Threading;

namespace Engram.Runtime.Tests.TestSupport;

/// <summary>Runs a test body on a new thread and fails the test, instead of hanging the run, when it does not return.</summary>
public static class HangGuard
{
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    public static void Run(Action body)
    {
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                body();
            }
            catch (Exception ex)
            {
                failure = ExceptionDispatchInfo.Capture(ex);
            }
        })
        { IsBackground = true };
        thread.Start();
        if (!thread.Join(Limit))
        {
            throw new TimeoutException($"The test body did not return within {Limit.TotalSeconds} s: it hangs.");
        }

        failure?.Throw();
    }
}
