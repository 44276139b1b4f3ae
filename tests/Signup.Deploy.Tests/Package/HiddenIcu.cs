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

    // Mounts the empty file over each library and checks that each now reads as empty, then runs the command from
    // the package folder, as Lambda runs bootstrap from /var/task.
    private const string WrapperScript = """
        set -e
        empty=$1; directory=$2; count=$3; shift 3
        while [ "$count" -gt 0 ]; do
            mount --bind "$empty" "$1"
            if [ -s "$1" ]; then echo "could not hide $1" >&2; exit 97; fi
            shift; count=$((count - 1))
        done
        cd "$directory"
        exec "$@"
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

    /// <summary>Returns the real paths of the ICU libraries under a cross-architecture root such as /usr/aarch64-linux-gnu.</summary>
    public static IReadOnlyList<string> FindLibrariesUnder(string root) =>
        Directory.Exists(root)
            ? [.. Directory.EnumerateFiles(root, "libicu*", SearchOption.AllDirectories)
                .Select(path => new FileInfo(path))
                .Select(file => file.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? file.FullName)
                .Distinct(StringComparer.Ordinal)]
            : [];

    /// <summary>
    /// Builds the arguments for <see cref="Signup.Testing.FunctionProcess.Start"/> with <see cref="UnsharePath"/>: the
    /// wrapper script, an empty file, the folder to run in, the libraries to hide, and the command.
    /// </summary>
    public static string[] WrapperArguments(
        string emptyFile, string workingDirectory, IReadOnlyCollection<string> libraries, IEnumerable<string> command) =>
    [
        "--mount", "--propagation", "private", "sh", "-c", WrapperScript, "hidden-icu",
        emptyFile, workingDirectory, libraries.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
        .. libraries, .. command,
    ];

    [GeneratedRegex(@"^\s*libicu\S*\s.*=>\s*(?<path>/\S+)\s*$", RegexOptions.Multiline)]
    private static partial Regex CacheEntry();
}
