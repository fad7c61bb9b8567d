using System.Diagnostics;
using Xunit;

namespace Engram.Runtime.Tests.TestSupport;

/// <summary>Runs a program of the system (mkfifo, rm, ...) as another process and checks that it succeeded.</summary>
public static class ExternalCommand
{
    public static void Run(string command, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(command, arguments) { UseShellExecute = false })!;
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
    }
}
