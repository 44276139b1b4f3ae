using System.IO.Compression;
using System.Runtime.Versioning;

namespace Signup.Deploy.Tests.Package;

/// <summary>The files of each Lambda package and what they need from Amazon Linux 2023.</summary>
[Trait("Category", "Integration")]
[SupportedOSPlatform("linux")]
public sealed class PackageContentsTests
{
    private static readonly string[] ExpectedFiles =
        ["bootstrap", "libicudata.so.72.1", "libicui18n.so.72.1", "libicuuc.so.72.1", "libsodium.so"];

    [Theory]
    [InlineData(FunctionPackage.X86)]
    [InlineData(FunctionPackage.Arm64)]
    public async Task Package_ContainsBootstrapAndLibraries(string architecture)
    {
        var directory = await FunctionPackage.BuildAsync(architecture);

        var files = Directory.GetFiles(directory).Select(Path.GetFileName).Order(StringComparer.Ordinal);

        Assert.Equal(ExpectedFiles, files);
        Assert.True(
            File.GetUnixFileMode(Path.Combine(directory, "bootstrap")).HasFlag(UnixFileMode.UserExecute),
            "bootstrap is not executable");
    }

    [Theory]
    [InlineData(FunctionPackage.X86)]
    [InlineData(FunctionPackage.Arm64)]
    public async Task Zip_MatchesFolderAndKeepsExecutableBit(string architecture)
    {
        var directory = await FunctionPackage.BuildAsync(architecture);

        await using var zip = await ZipFile.OpenReadAsync(
            FunctionPackage.ZipPath(architecture), TestContext.Current.CancellationToken);

        Assert.Equal(ExpectedFiles, zip.Entries.Select(entry => entry.FullName).Order(StringComparer.Ordinal));
        var bootstrap = zip.GetEntry("bootstrap")!;
        // Info-ZIP keeps the Unix mode in the upper 16 bits of the external attributes; Lambda runs bootstrap only
        // when its execute bit survives.
        var mode = (bootstrap.ExternalAttributes >> 16) & 0b001_001_001;
        Assert.NotEqual(0, mode);
        foreach (var entry in zip.Entries)
        {
            Assert.Equal(new FileInfo(Path.Combine(directory, entry.FullName)).Length, entry.Length);
        }
    }

    [Theory]
    [InlineData(FunctionPackage.X86)]
    [InlineData(FunctionPackage.Arm64)]
    public async Task Binaries_MatchArchitecture(string architecture)
    {
        var files = await ReadPackageAsync(architecture);

        foreach (var file in files)
        {
            Assert.True(file.Machine == architecture, $"{Path.GetFileName(file.Path)} is for {file.Machine}, not {architecture}");
        }
    }

    [Theory]
    [InlineData(FunctionPackage.X86)]
    [InlineData(FunctionPackage.Arm64)]
    public async Task Binaries_NeedNoNewerVersionsThanAl2023(string architecture)
    {
        var files = await ReadPackageAsync(architecture);

        var problems = files.SelectMany(Al2023Baseline.FindTooNewVersions).ToList();

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Theory]
    [InlineData(FunctionPackage.X86)]
    [InlineData(FunctionPackage.Arm64)]
    public async Task Binaries_NeedOnlyGlibcAndShippedLibraries(string architecture)
    {
        var files = await ReadPackageAsync(architecture);

        var shipped = files.Where(file => file.SoName is not null).Select(file => file.SoName!).ToHashSet(StringComparer.Ordinal);
        var problems = files.SelectMany(file => Al2023Baseline.FindMissingLibraries(file, shipped)).ToList();

        Assert.True(problems.Count == 0, string.Join('\n', problems));
        Assert.Contains("libicuuc.so.72", shipped);
        Assert.Contains("libicudata.so.72", shipped);
    }

    private static async Task<List<ElfDependencies>> ReadPackageAsync(string architecture)
    {
        var directory = await FunctionPackage.BuildAsync(architecture);
        var files = new List<ElfDependencies>();
        foreach (var path in Directory.GetFiles(directory))
        {
            files.Add(await ElfDependencies.ReadAsync(path, TestContext.Current.CancellationToken));
        }

        return files;
    }
}
