using System.IO;
using System.Linq;

namespace Engram.Benchmarks.AnalyzerOverhead.Generator;

/// <summary>
/// The build files around the generated sources: one project per <see cref="AnalyzerConfiguration"/>, all compiling the
/// same <c>src/</c>, with settings that shut out everything above the output directory (the repository's
/// Directory.Build.props, central package versions and .editorconfig).
/// </summary>
internal static class ProjectScaffold
{
    public const string EngramAnalyzersFolder = "lib/engram-analyzers";
    public static readonly string[] EngramAnalyzerAssemblies = { "Engram.Analyzers.dll", "Engram.Analyzers.CodeFixes.dll" };

    public static void Write(string root, GeneratorOptions options)
    {
        Directory.CreateDirectory(Path.Combine(root, EngramAnalyzersFolder));
        File.Copy(options.EngramRuntimeAssembly, Path.Combine(root, GeneratedCodeReferences.RuntimeAssemblyPath));
        foreach (var assembly in EngramAnalyzerAssemblies)
        {
            var source = Path.Combine(options.EngramAnalyzersDirectory, assembly);
            if (!File.Exists(source))
            {
                throw new FileNotFoundException($"The analyzer assembly '{source}' is missing; build analyzers/Engram.Analyzers.Package -c Release first.", source);
            }

            File.Copy(source, Path.Combine(root, EngramAnalyzersFolder, assembly));
        }

        File.WriteAllText(Path.Combine(root, "Directory.Build.props"), DirectoryBuildProps);
        File.WriteAllText(Path.Combine(root, "Directory.Build.targets"), DirectoryBuildTargets);
        File.WriteAllText(Path.Combine(root, "Directory.Packages.props"), DirectoryPackagesProps);
        File.WriteAllText(Path.Combine(root, ".editorconfig"), "# Stops the repository's .editorconfig from applying to the generated code.\nroot = true\n");
        File.WriteAllText(Path.Combine(root, "engram-rules.globalconfig"), EngramRulesGlobalConfig);
        foreach (var configuration in AnalyzerConfigurations.All)
        {
            var folder = Path.Combine(root, configuration.Name);
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, configuration.Name + ".csproj"), ProjectFile(configuration));
        }
    }

    private static string ProjectFile(AnalyzerConfiguration configuration)
    {
        var items = configuration == AnalyzerConfigurations.Engram
            ? string.Concat(EngramAnalyzerAssemblies.Select(assembly =>
                $"    <Analyzer Include=\"$(GeneratedRoot){EngramAnalyzersFolder}/{assembly}\" Measured=\"true\" />\n"))
            : configuration.PackageId is { } packageId
                ? $"    <PackageReference Include=\"{packageId}\" Version=\"{configuration.PackageVersion}\" PrivateAssets=\"all\" />\n"
                : string.Empty;
        return $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <!-- {configuration.Description}. Shared settings and sources: ../Directory.Build.props. -->
              <PropertyGroup>
                <ExpectsAnalyzers>{(configuration == AnalyzerConfigurations.CompilerOnly ? "false" : "true")}</ExpectsAnalyzers>
                <MeasuredAnalyzerPackage>{configuration.PackageId}</MeasuredAnalyzerPackage>
              </PropertyGroup>
              <ItemGroup>
            {items}  </ItemGroup>
            </Project>

            """;
    }

    private const string DirectoryBuildProps = $$"""
        <Project>
          <!-- Settings shared by every configuration; the build of each differs only in its analyzers. -->
          <PropertyGroup>
            <GeneratedRoot>$(MSBuildThisFileDirectory)</GeneratedRoot>
            <TargetFramework>net10.0</TargetFramework>
            <AssemblyName>Contoso.Platform</AssemblyName>
            <RootNamespace>Contoso.Platform</RootNamespace>
            <LangVersion>latest</LangVersion>
            <Nullable>enable</Nullable>
            <ImplicitUsings>disable</ImplicitUsings>
            <EnableDefaultCompileItems>false</EnableDefaultCompileItems>
            <!-- The SDK's own analyzers stay off everywhere, so each configuration runs exactly one analyzer package. -->
            <EnableNETAnalyzers>false</EnableNETAnalyzers>
            <EnforceCodeStyleInBuild>false</EnforceCodeStyleInBuild>
            <!-- Diagnostics are counted in the report; a warning must not stop a measurement. -->
            <TreatWarningsAsErrors>false</TreatWarningsAsErrors>
            <ReportAnalyzer>true</ReportAnalyzer>
            <!-- A fresh csc process for every build, no compiler server: each configuration starts equally cold, as in CI. -->
            <UseSharedCompilation>false</UseSharedCompilation>
            <NuGetAudit>false</NuGetAudit>
            <GenerateDocumentationFile>false</GenerateDocumentationFile>
          </PropertyGroup>
          <ItemGroup>
            <Compile Include="$(GeneratedRoot)src/**/*.cs" />
            <Reference Include="Engram.Runtime" HintPath="$(GeneratedRoot){{GeneratedCodeReferences.RuntimeAssemblyPath}}" />
            <PackageReference Include="{{GeneratedCodeReferences.DependencyInjectionPackage}}" Version="{{GeneratedCodeReferences.DependencyInjectionVersion}}" />
            <GlobalAnalyzerConfigFiles Include="$(GeneratedRoot)engram-rules.globalconfig" />
          </ItemGroup>
        </Project>

        """;

    // The targeting pack adds source generators and their analyzers (interop, JSON, regex) to every project; they are
    // removed so that "compiler alone" is csc alone and each other configuration adds exactly one analyzer package.
    private const string DirectoryBuildTargets = """
        <Project>
          <Target Name="KeepOnlyMeasuredAnalyzers" BeforeTargets="CoreCompile">
            <ItemGroup>
              <Analyzer Remove="@(Analyzer)" Condition="'%(Analyzer.Measured)' != 'true' and ('$(MeasuredAnalyzerPackage)' == '' or '%(Analyzer.NuGetPackageId)' != '$(MeasuredAnalyzerPackage)')" />
            </ItemGroup>
            <Error Condition="'$(ExpectsAnalyzers)' == 'true' and '@(Analyzer)' == ''" Text="No analyzer left to measure in $(MSBuildProjectName)." />
            <Error Condition="'$(ExpectsAnalyzers)' != 'true' and '@(Analyzer)' != ''" Text="The compiler-only build still has analyzers: @(Analyzer)." />
            <Message Importance="high" Text="Measured analyzer: %(Analyzer.Identity)" Condition="'@(Analyzer)' != ''" />
          </Target>
        </Project>

        """;

    private const string DirectoryPackagesProps = """
        <Project>
          <!-- Stops the repository's central package versions from applying: these projects pin their own. -->
          <PropertyGroup>
            <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
          </PropertyGroup>
        </Project>

        """;

    // Our rules default to error. As warnings they still run (severity none could let Roslyn skip them, and NoWarn
    // would), but a diagnostic cannot stop a measurement; the report lists any, since on this correct code each would
    // be a false positive.
    private const string EngramRulesGlobalConfig = """
        is_global = true
        dotnet_diagnostic.ENG001.severity = warning
        dotnet_diagnostic.ENG002.severity = warning
        dotnet_diagnostic.ENG003.severity = warning
        dotnet_diagnostic.ENG004.severity = warning

        """;
}
