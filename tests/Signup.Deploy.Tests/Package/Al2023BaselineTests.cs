namespace Signup.Deploy.Tests.Package;

/// <summary>
/// The baseline check against real Debian 12 libraries, which are built for newer glibc and libstdc++ than Amazon
/// Linux 2023 has, so the check must reject them.
/// </summary>
public sealed class Al2023BaselineTests
{
    private const string DebianLibraries = "/usr/lib/x86_64-linux-gnu";

    [Theory]
    [InlineData("libicuuc.so.72", "GLIBCXX_3.4.30")]
    [InlineData("libstdc++.so.6", "GLIBC_2.36")]
    public async Task FindTooNewVersions_DebianLibrary_Reports(string library, string expectedVersion)
    {
        var path = Path.Combine(DebianLibraries, library);
        if (!File.Exists(path))
        {
            Assert.Skip($"{path} is not installed (the check is shown on Debian 12's build of it).");
        }

        var file = await ElfDependencies.ReadAsync(path, TestContext.Current.CancellationToken);
        var problems = Al2023Baseline.FindTooNewVersions(file).ToList();

        Assert.Contains(problems, problem => problem.Contains($"requires {expectedVersion} ", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("GLIBC_2.34", "GLIBC_2.34", 0)]
    [InlineData("GLIBC_2.9", "GLIBC_2.34", -1)]
    [InlineData("GLIBC_2.35", "GLIBC_2.34", 1)]
    [InlineData("GLIBCXX_3.4.30", "GLIBCXX_3.4.29", 1)]
    [InlineData("GLIBCXX_3.4", "GLIBCXX_3.4.29", -1)]
    [InlineData("GCC_12.0.0", "GCC_11.0", 1)]
    public void SymbolVersion_CompareTo_OrdersNumerically(string left, string right, int expectedSign) =>
        Assert.Equal(expectedSign, Math.Sign(SymbolVersion.Parse(left).CompareTo(SymbolVersion.Parse(right))));

    [Fact]
    public void FindMissingLibraries_Libstdcxx_IsReported()
    {
        // A library linked against the shared libstdc++ would fail to load where the runtime lacks it.
        var problems = Al2023Baseline.FindMissingLibraries(
            ElfDependenciesFor("libexample.so", needed: ["libstdc++.so.6", "libc.so.6", "libicuuc.so.72"]),
            new HashSet<string>(StringComparer.Ordinal) { "libicuuc.so.72" }).ToList();

        var problem = Assert.Single(problems);
        Assert.Contains("libstdc++.so.6", problem, StringComparison.Ordinal);
    }

    private static ElfDependencies ElfDependenciesFor(string name, string[] needed) =>
        ElfDependencies.ForTest(name, needed);
}
