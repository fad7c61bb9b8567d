using System.IO;
using System.Linq;

namespace Engram.Benchmarks.AnalyzerOverhead.Generator;

/// <summary>
/// The build files around the generated sources: one project per <see cref="AnalyzerConfiguration"/> of the chosen set,
/// all compiling the same <c>src/</c>, with settings that shut out everything above the output directory (the
/// repository's Directory.Build.props, central package versions and .editorconfig).
/// </summary>
internal static class ProjectScaffold
{
    public const string EngramAnalyzersFolder = "lib/engram-analyzers";

    /// <summary>Where the analyzers of <see cref="GeneratorOptions.BaselineAnalyzersDirectory"/> go, for configuration engram-baseline.</summary>
    public const string BaselineAnalyzersFolder = "lib/engram-baseline-analyzers";

    public static readonly string[] EngramAnalyzerAssemblies = { "Engram.Analyzers.dll", "Engram.Analyzers.CodeFixes.dll" };

    public static void Write(string root, GeneratorOptions options)
    {
        var runtime = Path.Combine(root, GeneratedCodeReferences.RuntimeAssemblyPath);
        Directory.CreateDirectory(Path.GetDirectoryName(runtime)!);
        File.Copy(options.EngramRuntimeAssembly, runtime);
        CopyAnalyzers(options.EngramAnalyzersDirectory, Path.Combine(root, EngramAnalyzersFolder));
        if (options.BaselineAnalyzersDirectory is { } baseline)
        {
            CopyAnalyzers(baseline, Path.Combine(root, BaselineAnalyzersFolder));
        }

        File.WriteAllText(Path.Combine(root, "Directory.Build.props"), DirectoryBuildProps);
        File.WriteAllText(Path.Combine(root, "Directory.Build.targets"), DirectoryBuildTargets);
        File.WriteAllText(Path.Combine(root, "Directory.Packages.props"), DirectoryPackagesProps);
        File.WriteAllText(Path.Combine(root, ".editorconfig"), "# Stops the repository's .editorconfig from applying to the generated code.\nroot = true\n");
        File.WriteAllText(Path.Combine(root, "engram-rules.globalconfig"), EngramRulesGlobalConfig);
        foreach (var configuration in options.Configurations)
        {
            var folder = Path.Combine(root, configuration.Name);
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, configuration.Name + ".csproj"), ProjectFile(configuration));
        }
    }

    private static void CopyAnalyzers(string sourceDirectory, string folder)
    {
        Directory.CreateDirectory(folder);
        foreach (var assembly in EngramAnalyzerAssemblies)
        {
            var source = Path.Combine(sourceDirectory, assembly);
            if (!File.Exists(source))
            {
                throw new FileNotFoundException($"The analyzer assembly '{source}' is missing; build analyzers/Engram.Analyzers.Package -c Release first.", source);
            }

            File.Copy(source, Path.Combine(folder, assembly));
        }
    }

    private static string ProjectFile(AnalyzerConfiguration configuration)
    {
        var engram = configuration.EngramAnalyzersFolder is { } analyzersFolder
            ? string.Concat(EngramAnalyzerAssemblies.Select(assembly =>
                $"    <Analyzer Include=\"$(GeneratedRoot){analyzersFolder}/{assembly}\" Measured=\"true\" />\n"))
            : string.Empty;
        var package = configuration.PackageId is { } packageId
            ? $"    <PackageReference Include=\"{packageId}\" Version=\"{configuration.PackageVersion}\" PrivateAssets=\"all\" />\n"
            : string.Empty;
        var properties = configuration.SdkDefaults
            ? $"""
                  <SdkDefaults>true</SdkDefaults>
                  <ExpectsEngram>{Bool(configuration.WithEngram)}</ExpectsEngram>
              """
            : $"""
                  <!-- The SDK's own analyzers stay off, so the configuration runs exactly its own analyzer package. -->
                  <EnableNETAnalyzers>false</EnableNETAnalyzers>
                  <ReportAnalyzer>true</ReportAnalyzer>
                  <ExpectsAnalyzers>{Bool(configuration.WithEngram || configuration.PackageId is not null)}</ExpectsAnalyzers>
                  <MeasuredAnalyzerPackage>{configuration.PackageId}</MeasuredAnalyzerPackage>
              """;
        return $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <!-- {configuration.Description}. Shared settings and sources: ../Directory.Build.props. -->
              <PropertyGroup>
            {properties}
              </PropertyGroup>
              <ItemGroup>
            {engram}{package}  </ItemGroup>
            </Project>

            """;
    }

    private static string Bool(bool value) => value ? "true" : "false";

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
            <EnforceCodeStyleInBuild>false</EnforceCodeStyleInBuild>
            <!-- Diagnostics are counted in the report; a warning must not stop a measurement. -->
            <TreatWarningsAsErrors>false</TreatWarningsAsErrors>
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

    // The targeting pack adds source generators and their analyzers (interop, JSON, regex) to every project. In the
    // isolated configurations they are removed, so that "compiler alone" is csc alone and each other configuration adds
    // exactly one analyzer package; the SDK-defaults configurations keep them and check that the SDK's analyzers run.
    private const string DirectoryBuildTargets = """
        <Project>
          <Target Name="KeepOnlyMeasuredAnalyzers" BeforeTargets="CoreCompile" Condition="'$(SdkDefaults)' != 'true'">
            <ItemGroup>
              <Analyzer Remove="@(Analyzer)" Condition="'%(Analyzer.Measured)' != 'true' and ('$(MeasuredAnalyzerPackage)' == '' or '%(Analyzer.NuGetPackageId)' != '$(MeasuredAnalyzerPackage)')" />
            </ItemGroup>
            <Error Condition="'$(ExpectsAnalyzers)' == 'true' and '@(Analyzer)' == ''" Text="No analyzer left to measure in $(MSBuildProjectName)." />
            <Error Condition="'$(ExpectsAnalyzers)' != 'true' and '@(Analyzer)' != ''" Text="The compiler-only build still has analyzers: @(Analyzer)." />
            <Message Importance="high" Text="Measured analyzer: %(Analyzer.Identity)" Condition="'@(Analyzer)' != ''" />
          </Target>
          <Target Name="CheckSdkDefaultAnalyzers" BeforeTargets="CoreCompile" Condition="'$(SdkDefaults)' == 'true'">
            <ItemGroup>
              <_SdkNetAnalyzers Include="@(Analyzer)" Condition="'%(Filename)' == 'Microsoft.CodeAnalysis.NetAnalyzers'" />
              <_EngramAnalyzers Include="@(Analyzer)" Condition="'%(Filename)' == 'Engram.Analyzers'" />
            </ItemGroup>
            <Error Condition="'@(_SdkNetAnalyzers)' == ''" Text="The SDK's .NET analyzers are not in the build of $(MSBuildProjectName); it no longer measures the SDK's defaults." />
            <Error Condition="'$(ExpectsEngram)' == 'true' and '@(_EngramAnalyzers)' == ''" Text="Engram.Analyzers is not in the build of $(MSBuildProjectName)." />
            <Error Condition="'$(ExpectsEngram)' != 'true' and '@(_EngramAnalyzers)' != ''" Text="Engram.Analyzers is in the build of $(MSBuildProjectName), which measures the SDK's defaults without it." />
            <Message Importance="high" Text="Analyzer: %(Analyzer.Identity)" />
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
