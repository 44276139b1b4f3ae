namespace Signup.Deploy.Tests.Package;

/// <summary>
/// What a shared library may require on Lambda's provided.al2023 runtime.
/// Amazon Linux 2023 has glibc 2.34 and GCC 11 (Amazon Linux 2023 User Guide, "Core toolchain packages glibc, gcc,
/// binutils", https://docs.aws.amazon.com/linux/al2023/ug/core-glibc.md, and "Improved toolchain: gcc, binutils,
/// and glibc", https://docs.amazonaws.cn/en_us/linux/al2023/ug/glibc-gcc-and-binutils.md). GCC 11's libstdc++
/// defines symbol versions up to GLIBCXX_3.4.29 and CXXABI_1.3.13, and its libgcc_s up to GCC_11.0; GCC 12 added
/// GLIBCXX_3.4.30 and GCC_12.0.0 (libstdc++ manual, "ABI Policy and Guidelines", section "Versioning",
/// https://gcc.gnu.org/onlinedocs/libstdc++/manual/abi.html).
/// </summary>
internal static class Al2023Baseline
{
    /// <summary>The newest version of each family that the runtime provides.</summary>
    public static readonly IReadOnlyDictionary<string, SymbolVersion> NewestVersions =
        new Dictionary<string, SymbolVersion>(StringComparer.Ordinal)
        {
            ["GLIBC"] = SymbolVersion.Parse("GLIBC_2.34"),
            ["GLIBCXX"] = SymbolVersion.Parse("GLIBCXX_3.4.29"),
            ["CXXABI"] = SymbolVersion.Parse("CXXABI_1.3.13"),
            ["GCC"] = SymbolVersion.Parse("GCC_11.0"),
        };

    /// <summary>
    /// glibc's own libraries, which every Amazon Linux 2023 image has. The package may need these and its own files,
    /// nothing else: libstdc++ and libgcc_s are not assumed to be in the runtime, so the shipped C++ code (ICU) has
    /// them linked in statically.
    /// NOTE: .NET also opens OpenSSL (libssl.so.3) at run time, which no DT_NEEDED entry shows and this check cannot
    /// see. The package relies on Amazon Linux 2023's OpenSSL for it.
    /// </summary>
    public static readonly IReadOnlySet<string> SystemLibraries = new HashSet<string>(StringComparer.Ordinal)
    {
        "libc.so.6",
        "libm.so.6",
        "libdl.so.2",
        "libpthread.so.0",
        "librt.so.1",
        "ld-linux-x86-64.so.2",
        "ld-linux-aarch64.so.1",
    };

    /// <summary>Describes every required version that is newer than the runtime provides, or of an unknown family.</summary>
    public static IEnumerable<string> FindTooNewVersions(ElfDependencies file)
    {
        ArgumentNullException.ThrowIfNull(file);
        foreach (var (library, version) in file.RequiredVersions.OrderBy(required => required.Version.ToString(), StringComparer.Ordinal))
        {
            var symbol = file.ExampleSymbols.TryGetValue(version, out var name) ? $" (symbol {name})" : "";
            if (!NewestVersions.TryGetValue(version.Family, out var newest))
            {
                yield return $"{Path.GetFileName(file.Path)} requires {version} from {library}{symbol}, a version family "
                    + "that Amazon Linux 2023's base libraries do not define";
            }
            else if (version.CompareTo(newest) > 0)
            {
                yield return $"{Path.GetFileName(file.Path)} requires {version} from {library}{symbol}, newer than "
                    + $"{newest} on Amazon Linux 2023";
            }
        }
    }

    /// <summary>Describes every needed library that is neither glibc's nor one of <paramref name="shippedSoNames"/>.</summary>
    public static IEnumerable<string> FindMissingLibraries(ElfDependencies file, IReadOnlySet<string> shippedSoNames)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(shippedSoNames);
        return file.NeededLibraries
            .Where(library => !SystemLibraries.Contains(library) && !shippedSoNames.Contains(library))
            .Select(library => $"{Path.GetFileName(file.Path)} needs {library}, which is neither in the package nor part of glibc");
    }
}
