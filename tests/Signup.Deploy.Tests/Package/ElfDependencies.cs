using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Signup.Deploy.Tests.Package;

/// <summary>
/// What one ELF file needs from the dynamic loader, read with binutils' <c>objdump</c>: the libraries it names
/// (DT_NEEDED), its own soname, and the symbol versions it requires, such as GLIBC_2.34.
/// </summary>
internal sealed partial class ElfDependencies
{
    private ElfDependencies(string path) => Path = path;

    public string Path { get; }

    public string? SoName { get; private set; }

    /// <summary>
    /// The processor in the ELF header (e_machine): <c>x86_64</c>, <c>arm64</c>, or the number for any other.
    /// objdump's format name is not used for this, because it calls some arm64 libraries just "elf64-little".
    /// </summary>
    public string Machine { get; private set; } = "";

    public List<string> NeededLibraries { get; } = [];

    /// <summary>Each required symbol version with the library it is required from.</summary>
    public HashSet<(string Library, SymbolVersion Version)> RequiredVersions { get; } = [];

    /// <summary>For each required version, one undefined symbol that uses it (for messages).</summary>
    public Dictionary<SymbolVersion, string> ExampleSymbols { get; } = [];

    /// <summary>
    /// Reads the file's dynamic section and version references (<c>objdump -p</c>) and its undefined dynamic
    /// symbols (<c>objdump -T</c>).
    /// </summary>
    public static async Task<ElfDependencies> ReadAsync(string path, CancellationToken cancellationToken)
    {
        var dependencies = new ElfDependencies(path) { Machine = await ReadMachineAsync(path, cancellationToken) };
        var headers = await RunObjdumpAsync(["-p", path], cancellationToken);
        string? library = null;
        foreach (var line in headers.Split('\n'))
        {
            if (DynamicEntry().Match(line) is { Success: true } entry)
            {
                if (entry.Groups["tag"].Value == "NEEDED")
                {
                    dependencies.NeededLibraries.Add(entry.Groups["value"].Value);
                }
                else
                {
                    dependencies.SoName = entry.Groups["value"].Value;
                }
            }
            else if (RequiredFrom().Match(line) is { Success: true } from)
            {
                library = from.Groups["library"].Value;
            }
            else if (library is not null && VersionReference().Match(line) is { Success: true } reference
                && SymbolVersion.TryParse(reference.Groups["version"].Value, out var version))
            {
                dependencies.RequiredVersions.Add((library, version));
            }
        }

        var symbols = await RunObjdumpAsync(["-T", path], cancellationToken);
        foreach (var line in symbols.Split('\n'))
        {
            if (UndefinedSymbol().Match(line) is { Success: true } symbol
                && SymbolVersion.TryParse(symbol.Groups["version"].Value, out var version))
            {
                dependencies.ExampleSymbols.TryAdd(version, symbol.Groups["name"].Value);
                if (!dependencies.RequiredVersions.Any(required => required.Version == version))
                {
                    dependencies.RequiredVersions.Add(("?", version));
                }
            }
        }

        return dependencies;
    }

    /// <summary>Builds a description by hand, for tests of the checks that read it.</summary>
    public static ElfDependencies ForTest(string path, IEnumerable<string> neededLibraries)
    {
        var dependencies = new ElfDependencies(path);
        dependencies.NeededLibraries.AddRange(neededLibraries);
        return dependencies;
    }

    private static async Task<string> ReadMachineAsync(string path, CancellationToken cancellationToken)
    {
        // e_machine is the 16-bit field at offset 18 of the ELF header; both architectures here are little-endian.
        var header = new byte[20];
        await using (var stream = File.OpenRead(path))
        {
            await stream.ReadExactlyAsync(header, cancellationToken);
        }

        if (header is not [0x7F, (byte)'E', (byte)'L', (byte)'F', ..])
        {
            throw new InvalidOperationException($"{path} is not an ELF file.");
        }

        var machine = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(18));
        return machine switch
        {
            62 => "x86_64",
            183 => "arm64",
            _ => machine.ToString(CultureInfo.InvariantCulture),
        };
    }

    private static async Task<string> RunObjdumpAsync(IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("objdump", arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            throw new InvalidOperationException(
                "objdump is missing; install binutils (Debian: apt-get install binutils).", exception);
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var error = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException(
                    $"objdump {string.Join(' ', arguments)} failed with exit code {process.ExitCode}: {await error}");
            }

            return await output;
        }
    }

    // "  NEEDED               libc.so.6" and "  SONAME               libicuuc.so.72"
    [GeneratedRegex(@"^\s+(?<tag>NEEDED|SONAME)\s+(?<value>\S+)\s*$")]
    private static partial Regex DynamicEntry();

    // "  required from libc.so.6:"
    [GeneratedRegex(@"^\s+required from (?<library>\S+):\s*$")]
    private static partial Regex RequiredFrom();

    // "    0x069691b4 0x00 04 GLIBC_2.34"
    [GeneratedRegex(@"^\s+0x[0-9a-f]+\s+0x[0-9a-f]+\s+\d+\s+(?<version>\S+)\s*$")]
    private static partial Regex VersionReference();

    // "0000000000000000      DF *UND*  0000000000000000 (GLIBC_2.34) dlopen"; newer binutils omit the brackets.
    [GeneratedRegex(@"\*UND\*\s+[0-9a-f]+\s+\(?(?<version>[A-Z][A-Z0-9]*_[0-9][0-9.]*)\)?\s+(?<name>\S+)\s*$")]
    private static partial Regex UndefinedSymbol();
}
