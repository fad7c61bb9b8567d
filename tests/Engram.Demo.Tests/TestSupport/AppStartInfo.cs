using System.Collections.Generic;
using System.Diagnostics;
using System.IO;

namespace Engram.Demo.Tests.TestSupport;

/// <summary>How the tests start a web app: <c>dotnet App.dll</c> with the given arguments, in Production, on no address but its own.</summary>
internal static class AppStartInfo
{
    private static readonly string[] AddressVariables = { "ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS", "DOTNET_URLS" };

    /// <param name="environment">Variables to set; a null value removes the variable.</param>
    public static ProcessStartInfo For(string assemblyPath, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?> environment)
    {
        if (!File.Exists(assemblyPath))
        {
            throw new FileNotFoundException($"The app to run was not built: {assemblyPath}", assemblyPath);
        }

        var startInfo = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(assemblyPath)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add(assemblyPath);
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var addressVariable in AddressVariables)
        {
            startInfo.Environment.Remove(addressVariable);
        }

        startInfo.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (name, value) in environment)
        {
            if (value is null)
            {
                startInfo.Environment.Remove(name);
            }
            else
            {
                startInfo.Environment[name] = value;
            }
        }

        return startInfo;
    }
}
