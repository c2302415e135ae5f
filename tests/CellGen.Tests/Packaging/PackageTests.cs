using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Runtime.InteropServices;
using System.Threading.Tasks;
using System.Xml.Linq;
using CellGen.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace CellGen.Tests.Packaging;

/// <summary>
/// The package as a user gets it: `dotnet pack` of a copy of the sources, then a fresh console project outside the
/// repository that references it from a local folder feed (no project references), declares cells (one with weights
/// baked in through the package's build targets), builds with warnings as errors and runs. Its numbers must be those of
/// the same code compiled here: bit for bit on .NET 10, and within float rounding on .NET 8 (published self-contained,
/// since only the .NET 10 runtime is installed), where the generated kernels call CellGen's .NET 8 fallbacks.
/// </summary>
public sealed class PackageTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _work = Path.Combine(Path.GetTempPath(), "cellgen-package-" + Guid.NewGuid().ToString("N")[..12]);

    // A version no cache has seen, so that restore can only take the package this test packed.
    private readonly string _version = "0.1.0-test-" + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public void A_fresh_project_builds_and_runs_from_the_package_alone()
    {
        string root = RepositoryRoot.Find();
        string source = Path.Combine(_work, "source");
        foreach (string file in new[] { "Directory.Build.props", "LICENSE" })
        {
            Directory.CreateDirectory(source);
            File.Copy(Path.Combine(root, file), Path.Combine(source, file));
        }

        CopySources(Path.Combine(root, "src", "Runtime"), Path.Combine(source, "src", "Runtime"));
        CopySources(Path.Combine(root, "src", "Generator"), Path.Combine(source, "src", "Generator"));

        string feed = Path.Combine(_work, "feed");
        Dotnet(source, "pack", "src/Runtime", "-c", "Release", "-o", feed, "-p:Version=" + _version);
        string package = Path.Combine(feed, $"CellGen.{_version}.nupkg");
        Assert.True(File.Exists(Path.Combine(feed, $"CellGen.{_version}.snupkg")), "no symbols package");
        CheckPackage(package);

        string consumer = Path.Combine(_work, "consumer");
        Directory.CreateDirectory(consumer);
        File.WriteAllText(Path.Combine(consumer, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="local" value="{feed}" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(consumer, "PackageConsumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFrameworks>net10.0;net8.0</TargetFrameworks>
                <Nullable>enable</Nullable>
                <ImplicitUsings>disable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="CellGen" Version="{_version}" />
                <CellGenWeights Include="lstm_i3_h5.safetensors" />
              </ItemGroup>
            </Project>
            """);
        string here = Path.Combine(root, "tests", "CellGen.Tests", "Packaging", "Consumer");
        File.Copy(Path.Combine(here, "Workload.cs"), Path.Combine(consumer, "Workload.cs"));
        File.Copy(Path.Combine(here, "Program.cs"), Path.Combine(consumer, "Program.cs"));
        File.Copy(Path.Combine(AppContext.BaseDirectory, "ReferenceData", "interop", "lstm_i3_h5.safetensors"), Path.Combine(consumer, "lstm_i3_h5.safetensors"));

        string expected = PackageConsumer.Workload.Run();

        // .NET 10: the same generator and runtime as this test's, so the same bits.
        Dotnet(consumer, "build", "-c", "Release", "-f", "net10.0");
        string net10 = Dotnet(consumer, Path.Combine("bin", "Release", "net10.0", "PackageConsumer.dll"));
        Assert.Equal(expected, net10);

        // .NET 8: C# 12, the .NET 8 build of the runtime and the generator's fallbacks for FusedMultiplyAdd and Clamp.
        string published = Path.Combine(_work, "net8");
        Dotnet(consumer, "publish", "-c", "Release", "-f", "net8.0", "-r", RuntimeInformation.RuntimeIdentifier, "--self-contained", "-o", published);
        string net8 = Run(Path.Combine(published, "PackageConsumer"), consumer);
        double worst = WorstRelativeDifference(expected, net8);
        output.WriteLine($"largest relative difference between the .NET 8 and .NET 10 builds: {worst:G3}");
        Assert.True(worst <= 1e-5, $"the .NET 8 build differs by {worst:G3}:\n{net8}\nexpected\n{expected}");
    }

    /// <summary>What the package holds, and what its metadata says.</summary>
    private void CheckPackage(string package)
    {
        using ZipArchive zip = ZipFile.OpenRead(package);
        string[] entries = zip.Entries.Select(e => e.FullName).ToArray();
        output.WriteLine(string.Join("\n", entries.OrderBy(e => e, StringComparer.Ordinal)));
        foreach (string required in new[]
                 {
                     "lib/net8.0/CellGen.dll", "lib/net8.0/CellGen.xml", "lib/net10.0/CellGen.dll", "lib/net10.0/CellGen.xml",
                     "analyzers/dotnet/cs/CellGen.Generator.dll", "build/CellGen.targets", "buildTransitive/CellGen.targets",
                     "README.md", "LICENSE",
                 })
        {
            Assert.Contains(required, entries);
        }

        // The generator is an analyzer only: no lib/ copy of it and no dependency on a package of its own.
        Assert.DoesNotContain(entries, e => e.StartsWith("lib/", StringComparison.Ordinal) && e.Contains("Generator", StringComparison.Ordinal));

        ZipArchiveEntry nuspecEntry = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        using Stream nuspecStream = nuspecEntry.Open();
        XElement metadata = XDocument.Load(nuspecStream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        string Value(string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value ?? "";
        Assert.Equal("CellGen", Value("id"));
        Assert.Equal("MIT", Value("license"));
        Assert.Equal("README.md", Value("readme"));
        Assert.Contains("lstm", Value("tags"), StringComparison.Ordinal);
        Assert.True(Value("description").Length > 80, "the description is too short to tell what the package is");
        string repository = metadata.Elements().Single(e => e.Name.LocalName == "repository").Attribute("url")!.Value;
        Assert.StartsWith("https://", repository, StringComparison.Ordinal);
        Assert.DoesNotContain(metadata.Descendants(), e => e.Name.LocalName == "dependency" && e.Attribute("id")!.Value.Contains("Generator", StringComparison.Ordinal));

        // The diagnostics' help links point into the repository the package names.
        GeneratorRun run = GeneratorHarness.Run("using CellGen; [LstmCell(Input = 0, Hidden = 4)] public partial class C { }");
        Assert.StartsWith(repository + "/blob/main/docs/diagnostics.md#cg", run.GeneratorDiagnostics.Single().Descriptor.HelpLinkUri, StringComparison.Ordinal);
    }

    /// <summary>The largest relative difference between the numbers of two printouts of the same shape.</summary>
    private static double WorstRelativeDifference(string expected, string actual)
    {
        string[] expectedLines = expected.Split('\n'), actualLines = actual.Split('\n');
        Assert.Equal(expectedLines.Length, actualLines.Length);
        double worst = 0;
        for (int line = 0; line < expectedLines.Length; line++)
        {
            string[] e = expectedLines[line].Split(' '), a = actualLines[line].Split(' ');
            Assert.Equal(e.Length, a.Length);
            Assert.Equal(e.FirstOrDefault(), a.FirstOrDefault());
            for (int i = 1; i < e.Length; i++)
            {
                if (!double.TryParse(e[i], NumberStyles.Float, CultureInfo.InvariantCulture, out double x))
                {
                    Assert.Equal(e[i], a[i]);
                    continue;
                }

                double y = double.Parse(a[i], NumberStyles.Float, CultureInfo.InvariantCulture);
                worst = Math.Max(worst, Math.Abs(x - y) / Math.Max(1e-3, Math.Abs(x)));
            }
        }

        return worst;
    }

    private static void CopySources(string from, string to)
    {
        foreach (string file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            string relative = Path.GetRelativePath(from, file);
            string first = relative.Split(Path.DirectorySeparatorChar)[0];
            if (first is "bin" or "obj")
            {
                continue;
            }

            string target = Path.Combine(to, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private string Dotnet(string directory, params string[] arguments)
    {
        // Build servers would outlive the command and hold its output open.
        string[] all = arguments.Length > 0 && arguments[0] is "build" or "pack" or "publish"
            ? arguments.Concat(new[] { "--disable-build-servers", "-nodeReuse:false" }).ToArray()
            : arguments;
        return Run("dotnet", directory, all);
    }

    private string Run(string program, string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // A child build must not inherit the MSBuild of the `dotnet test` that started this test.
        foreach (string name in Environment.GetEnvironmentVariables().Keys.Cast<string>()
                     .Where(n => n.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || n == "DOTNET_HOST_PATH"))
        {
            start.Environment.Remove(name);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        string command = $"{program} {string.Join(' ', arguments)}";
        using Process process = Process.Start(start)!;
        Task<string> error = process.StandardError.ReadToEndAsync(), standard = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(10)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{command} did not finish in 10 minutes");
        }

        string text = standard.Result;
        output.WriteLine($"$ {command} → exit {process.ExitCode}");
        Assert.True(process.ExitCode == 0, $"{command} failed with {process.ExitCode}:\n{text}\n{error.Result}");
        return text;
    }

    public void Dispose()
    {
        if (Directory.Exists(_work))
        {
            Directory.Delete(_work, recursive: true);
        }

        // The restore put this one-off version in the global packages folder: take it out again.
        string packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                          ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        string cached = Path.Combine(packages, "cellgen", _version);
        if (Directory.Exists(cached))
        {
            Directory.Delete(cached, recursive: true);
        }
    }
}
