using System.IO.Compression;
using System.Runtime.Versioning;

namespace Signup.Deploy.Tests.Package;

/// <summary>The files of the Lambda package and what they need from Amazon Linux 2023.</summary>
[SupportedOSPlatform("linux")]
[Trait("Category", "Integration")]
public sealed class PackageContentsTests : IAsyncLifetime
{
    private static readonly string[] ExpectedFiles =
        ["bootstrap", "libicudata.so.72.1", "libicui18n.so.72.1", "libicuuc.so.72.1", "libsodium.so"];

    private string _directory = "";

    public async ValueTask InitializeAsync() => _directory = await FunctionPackage.BuildAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public void Package_ContainsBootstrapAndLibraries()
    {
        var files = Directory.GetFiles(_directory).Select(Path.GetFileName).Order(StringComparer.Ordinal);

        Assert.Equal(ExpectedFiles, files);
        Assert.True(
            File.GetUnixFileMode(Path.Combine(_directory, "bootstrap")).HasFlag(UnixFileMode.UserExecute),
            "bootstrap is not executable");
    }

    [Fact]
    public async Task Zip_MatchesFolderAndKeepsExecutableBit()
    {
        await using var zip = await ZipFile.OpenReadAsync(FunctionPackage.ZipPath, TestContext.Current.CancellationToken);

        Assert.Equal(ExpectedFiles, zip.Entries.Select(entry => entry.FullName).Order(StringComparer.Ordinal));
        var bootstrap = zip.GetEntry("bootstrap")!;
        // Info-ZIP keeps the Unix mode in the upper 16 bits of the external attributes; Lambda runs bootstrap only
        // when its execute bit survives.
        var mode = (bootstrap.ExternalAttributes >> 16) & 0b001_001_001;
        Assert.NotEqual(0, mode);
        foreach (var entry in zip.Entries)
        {
            Assert.Equal(new FileInfo(Path.Combine(_directory, entry.FullName)).Length, entry.Length);
        }
    }

    [Fact]
    public async Task Binaries_NeedNoNewerVersionsThanAl2023()
    {
        var problems = new List<string>();
        foreach (var path in Directory.GetFiles(_directory))
        {
            var file = await ElfDependencies.ReadAsync(path, TestContext.Current.CancellationToken);
            problems.AddRange(Al2023Baseline.FindTooNewVersions(file));
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public async Task Binaries_NeedOnlyGlibcAndShippedLibraries()
    {
        var files = new List<ElfDependencies>();
        foreach (var path in Directory.GetFiles(_directory))
        {
            files.Add(await ElfDependencies.ReadAsync(path, TestContext.Current.CancellationToken));
        }

        var shipped = files.Where(file => file.SoName is not null).Select(file => file.SoName!).ToHashSet(StringComparer.Ordinal);
        var problems = files.SelectMany(file => Al2023Baseline.FindMissingLibraries(file, shipped)).ToList();

        Assert.True(problems.Count == 0, string.Join('\n', problems));
        Assert.Contains("libicuuc.so.72", shipped);
        Assert.Contains("libicudata.so.72", shipped);
    }
}
