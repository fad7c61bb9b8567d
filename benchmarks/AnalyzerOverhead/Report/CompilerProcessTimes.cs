using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace Engram.Benchmarks.AnalyzerOverhead.Report;

/// <summary>
/// A <c>run-&lt;n&gt;.times</c> file of an SDK-defaults build: csc-timed.sh's figures for the compiler process and run.sh's
/// for the whole <c>dotnet build</c>, one <c>name seconds</c> pair per line.
/// </summary>
/// <param name="CscCpuSeconds">User plus system CPU time of the csc process, over all its threads.</param>
/// <param name="LoadBefore">The one-minute load average just before the build started.</param>
internal sealed record CompilerProcessTimes(double LoadBefore, double BuildWallSeconds, double CscWallSeconds, double CscUserSeconds, double CscSystemSeconds)
{
    public double CscCpuSeconds => CscUserSeconds + CscSystemSeconds;

    /// <exception cref="InvalidDataException">The file is missing, has a line it cannot read, or lacks a figure; the message names the file.</exception>
    public static CompilerProcessTimes Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new InvalidDataException($"'{path}' is missing: the build was not timed (was it built by run.sh --sdk-defaults?).");
        }

        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(path).Where(line => line.Trim().Length > 0))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 2 || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
            {
                throw new InvalidDataException($"'{path}' has a line that is not 'name seconds': '{line}'.");
            }

            if (!values.TryAdd(parts[0], seconds))
            {
                throw new InvalidDataException($"'{path}' gives '{parts[0]}' twice: was csc run more than once in the build?");
            }
        }

        double Get(string name) => values.TryGetValue(name, out var value)
            ? value
            : throw new InvalidDataException($"'{path}' has no '{name}' figure.");

        return new CompilerProcessTimes(Get("load_before"), Get("build_wall"), Get("csc_wall"), Get("csc_user"), Get("csc_sys"));
    }
}
