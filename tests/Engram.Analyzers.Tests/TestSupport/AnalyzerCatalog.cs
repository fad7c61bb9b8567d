using System;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using Engram.Analyzers.Rules;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Engram.Analyzers.Tests.TestSupport;

/// <summary>Every analyzer the analyzer assembly ships, found by reflection so that new rules are covered automatically.</summary>
public static class AnalyzerCatalog
{
    public static Assembly AnalyzerAssembly => typeof(CapturedByOtherThreadAnalyzer).Assembly;

    public static ImmutableArray<DiagnosticAnalyzer> CreateAll() =>
        AnalyzerAssembly.GetTypes()
            .Where(type => !type.IsAbstract
                && typeof(DiagnosticAnalyzer).IsAssignableFrom(type)
                && type.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
            .OrderBy(type => type.FullName, StringComparer.Ordinal)
            .Select(type => (DiagnosticAnalyzer)Activator.CreateInstance(type)!)
            .ToImmutableArray();
}
