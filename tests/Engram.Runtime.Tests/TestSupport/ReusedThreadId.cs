using System;
using System.Collections.Generic;
using System.Runtime.ExceptionServices;
using System.Threading;

namespace Engram.Runtime.Tests.TestSupport;

/// <summary>Runs code on a new thread that the runtime has given the managed id of an exited thread.</summary>
public static class ReusedThreadId
{
    private const int Attempts = 200;

    /// <summary>
    /// Starts new threads until one gets <paramref name="exitedThreadId"/> and runs <paramref name="body"/> there. The
    /// runtime gives a new thread the lowest free id, so threads that get a lower one are parked until the end to keep
    /// theirs taken; a collection before each start frees the ids of collected <c>Thread</c> objects.
    /// </summary>
    /// <returns>Whether a thread got the id (another thread of the process may take it first) and ran <paramref name="body"/>.</returns>
    public static bool TryRun(int exitedThreadId, Action body)
    {
        using var release = new ManualResetEventSlim();
        var parked = new List<Thread>();
        try
        {
            for (var attempt = 0; attempt < Attempts; attempt++)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                var gotIt = false;
                ExceptionDispatchInfo? failure = null;
                using var checkedId = new ManualResetEventSlim();
                var thread = new Thread(() =>
                {
                    gotIt = Environment.CurrentManagedThreadId == exitedThreadId;
                    if (gotIt)
                    {
                        try
                        {
                            body();
                        }
                        catch (Exception ex)
                        {
                            failure = ExceptionDispatchInfo.Capture(ex);
                        }
                    }

                    checkedId.Set();
                    if (!gotIt)
                    {
                        release.Wait();
                    }
                });
                thread.Start();
                checkedId.Wait();
                if (gotIt)
                {
                    thread.Join();
                    failure?.Throw();
                    return true;
                }

                parked.Add(thread);
            }

            return false;
        }
        finally
        {
            release.Set();
            parked.ForEach(thread => thread.Join());
        }
    }
}
