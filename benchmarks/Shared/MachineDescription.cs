using System;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;

namespace Engram.Benchmarks;

/// <summary>The machine a benchmark ran on, as recorded beside its results.</summary>
internal sealed record MachineDescription(string CpuModel, int LogicalProcessors, string OperatingSystem, string DotNetRuntime, string MeasuredAtUtc)
{
    public static MachineDescription Current() => new(
        ReadCpuModel(),
        Environment.ProcessorCount,
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription,
        DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture));

    public string ToMarkdownLine() =>
        $"{CpuModel}, {LogicalProcessors} logical processors (`nproc`), {OperatingSystem}, {DotNetRuntime}; measured {MeasuredAtUtc}";

    // /proc/cpuinfo is what lscpu reads for "Model name"; elsewhere the architecture is all .NET knows.
    private static string ReadCpuModel()
    {
        const string cpuInfo = "/proc/cpuinfo";
        var model = File.Exists(cpuInfo)
            ? File.ReadLines(cpuInfo)
                .Where(line => line.StartsWith("model name", StringComparison.Ordinal))
                .Select(line => line.Substring(line.IndexOf(':') + 1).Trim())
                .FirstOrDefault()
            : null;
        return model ?? RuntimeInformation.ProcessArchitecture.ToString();
    }
}
