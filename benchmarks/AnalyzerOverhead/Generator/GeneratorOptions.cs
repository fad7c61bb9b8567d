using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace Engram.Benchmarks.AnalyzerOverhead.Generator;

/// <summary>Command line of the generator.</summary>
internal sealed class GeneratorOptions
{
    public const string Usage =
        "usage: AnalyzerOverhead.Generator --out DIR --engram-analyzers DIR --engram-runtime FILE [--files N] [--scale K] [--sdk-defaults]\n"
        + "  --out               directory to (re)create the code base in\n"
        + "  --engram-analyzers  directory holding Engram.Analyzers.dll and Engram.Analyzers.CodeFixes.dll (the package's analyzers/dotnet/cs)\n"
        + "  --engram-runtime    Engram.Runtime.dll (net8.0) that the generated code references\n"
        + "  --files             source files at scale 1 (default 1000, about 150 lines each)\n"
        + "  --scale             multiplies --files (default 1)\n"
        + "  --sdk-defaults      write the SDK-defaults configurations (a plain SDK build without and with our analyzers)\n"
        + "                      instead of the isolated ones (the compiler alone and each analyzer package alone)";

    public required string OutputDirectory { get; init; }

    public required string EngramAnalyzersDirectory { get; init; }

    public required string EngramRuntimeAssembly { get; init; }

    public int FileCount { get; init; } = 1000;

    public int Scale { get; init; } = 1;

    public int TotalFiles => FileCount * Scale;

    public IReadOnlyList<AnalyzerConfiguration> Configurations { get; init; } = AnalyzerConfigurations.Isolated;

    /// <exception cref="ArgumentException">An option is unknown, lacks its value or has a bad value; the message says which.</exception>
    public static GeneratorOptions Parse(string[] args)
    {
        string? output = null, analyzers = null, runtime = null;
        int files = 1000, scale = 1;
        var configurations = AnalyzerConfigurations.Isolated;
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (name == "--sdk-defaults")
            {
                configurations = AnalyzerConfigurations.WithSdkDefaults;
                continue;
            }

            var value = i + 1 < args.Length ? args[++i] : throw new ArgumentException($"Option '{name}' needs a value.");
            switch (name)
            {
                case "--out": output = value; break;
                case "--engram-analyzers": analyzers = value; break;
                case "--engram-runtime": runtime = value; break;
                case "--files": files = PositiveInteger(name, value); break;
                case "--scale": scale = PositiveInteger(name, value); break;
                default: throw new ArgumentException($"Unknown option '{name}'.");
            }
        }

        return new GeneratorOptions
        {
            OutputDirectory = Path.GetFullPath(output ?? throw new ArgumentException("--out is required.")),
            EngramAnalyzersDirectory = ExistingDirectory("--engram-analyzers", analyzers),
            EngramRuntimeAssembly = ExistingFile("--engram-runtime", runtime),
            FileCount = files,
            Scale = scale,
            Configurations = configurations,
        };
    }

    private static int PositiveInteger(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0
            ? number
            : throw new ArgumentException($"Option '{name}' needs a positive whole number, not '{value}'.");

    private static string ExistingDirectory(string name, string? value)
    {
        var path = Path.GetFullPath(value ?? throw new ArgumentException($"{name} is required."));
        return Directory.Exists(path) ? path : throw new ArgumentException($"{name}: directory '{path}' does not exist.");
    }

    private static string ExistingFile(string name, string? value)
    {
        var path = Path.GetFullPath(value ?? throw new ArgumentException($"{name} is required."));
        return File.Exists(path) ? path : throw new ArgumentException($"{name}: file '{path}' does not exist.");
    }
}
