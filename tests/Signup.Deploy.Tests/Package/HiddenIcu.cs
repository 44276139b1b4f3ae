using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Signup.Deploy.Tests.Package;

/// <summary>
/// Starts a program with the machine's ICU libraries hidden, as on provided.al2023, which has none. The program runs
/// under <c>unshare --mount</c> in a private mount namespace, where an empty file is bind-mounted over every
/// <c>libicu*</c> file that <c>ldconfig -p</c> lists, so loading one of them fails. The rest of the machine keeps
/// its ICU. This needs root (or CAP_SYS_ADMIN) and util-linux's <c>unshare</c>.
/// </summary>
internal static partial class HiddenIcu
{
    public const string UnsharePath = "/usr/bin/unshare";

    /// <summary>Exit code of the wrapper when a library could not be hidden.</summary>
    public const int HidingFailedExitCode = 97;

    // Mounts the empty file over each library, checks that each now reads as empty, then runs the program from its
    // own folder, as Lambda runs bootstrap from /var/task.
    private const string WrapperScript = """
        set -e
        empty=$1; directory=$2; program=$3; shift 3
        for library in "$@"; do mount --bind "$empty" "$library"; done
        for library in "$@"; do
            if [ -s "$library" ]; then echo "could not hide $library" >&2; exit 97; fi
        done
        cd "$directory"
        exec "./$program"
        """;

    /// <summary>Returns why the machine cannot hide ICU, or null when it can.</summary>
    public static string? FindUnsupportedReason()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "hiding ICU needs Linux mount namespaces.";
        }

        if (Environment.UserName != "root")
        {
            return $"hiding ICU bind-mounts over system libraries in a private mount namespace, which needs root; "
                + $"this runs as '{Environment.UserName}'.";
        }

        return File.Exists(UnsharePath) ? null : $"{UnsharePath} is missing (Debian package util-linux).";
    }

    /// <summary>Returns the real paths of the ICU libraries in the dynamic loader's cache.</summary>
    public static async Task<IReadOnlyList<string>> FindSystemLibrariesAsync(CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("ldconfig", ["-p"]) { RedirectStandardOutput = true };
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);

        // "	libicuuc.so.72 (libc6,x86-64) => /lib/x86_64-linux-gnu/libicuuc.so.72"
        return [.. CacheEntry().Matches(output)
            .Select(match => new FileInfo(match.Groups["path"].Value))
            .Select(file => file.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? file.FullName)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)];
    }

    /// <summary>
    /// Builds the arguments for <see cref="Signup.Testing.FunctionProcess.Start"/> with <see cref="UnsharePath"/>:
    /// the wrapper script, an empty file, the program's folder and name, and the libraries to hide.
    /// </summary>
    public static string[] WrapperArguments(string emptyFile, string programPath, IEnumerable<string> libraries) =>
    [
        "--mount", "--propagation", "private", "sh", "-c", WrapperScript, "hidden-icu",
        emptyFile, Path.GetDirectoryName(programPath)!, Path.GetFileName(programPath), .. libraries,
    ];

    [GeneratedRegex(@"^\s*libicu\S*\s.*=>\s*(?<path>/\S+)\s*$", RegexOptions.Multiline)]
    private static partial Regex CacheEntry();
}
