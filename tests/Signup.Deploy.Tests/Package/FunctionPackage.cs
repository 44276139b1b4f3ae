using System.Diagnostics;
using Signup.Testing;

namespace Signup.Deploy.Tests.Package;

/// <summary>
/// The Lambda packages that <c>make package</c> builds: <c>artifacts/function/</c> and <c>artifacts/function.zip</c>
/// for x86_64, <c>artifacts/function-arm64/</c> and <c>artifacts/function-arm64.zip</c> for arm64. The first caller
/// of a test run builds a package. That publishes the Native AOT bootstrap and, once per machine, compiles ICU
/// (about 3 minutes for x86_64 and 5 for arm64 on two cores). Later callers of the same run reuse the result.
/// </summary>
internal static class FunctionPackage
{
    public const string X86 = "x86_64";
    public const string Arm64 = "arm64";

    private static readonly SemaphoreSlim BuildLock = new(1, 1);
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(30);
    private static readonly Dictionary<string, string> Built = new(StringComparer.Ordinal);

    public static string ZipPath(string architecture) =>
        Path.Combine(RepositoryRoot.Find(), "artifacts", PackageName(architecture) + ".zip");

    /// <summary>Runs <c>make package ARCHITECTURE=…</c> once per test run and architecture, and returns the folder.</summary>
    public static async Task<string> BuildAsync(string architecture)
    {
        await BuildLock.WaitAsync();
        try
        {
            if (Built.TryGetValue(architecture, out var directory))
            {
                return directory;
            }

            var root = RepositoryRoot.Find();
            await RunAsync("make", ["-C", root, "package", "ARCHITECTURE=" + architecture]);
            directory = Path.Combine(root, "artifacts", PackageName(architecture));
            Built[architecture] = directory;
            return directory;
        }
        finally
        {
            BuildLock.Release();
        }
    }

    /// <summary>
    /// Installs a Debian package that provides <paramref name="command"/> when it is missing, through the same
    /// helper that <c>./test</c> uses: as root it runs apt-get, otherwise it fails with the package's name.
    /// </summary>
    public static Task<string> RequireCommandAsync(string command, string debianPackage, string purpose) =>
        RunAsync(
            "bash",
            ["-c", "source scripts/prerequisites.sh && require_command \"$1\" \"$2\" \"$3\"", "require", command, debianPackage, purpose]);

    /// <summary>
    /// Runs <c>scripts/fetch-test-libraries.sh</c> and returns the folder with Debian's arm64 OpenSSL, which the
    /// emulated arm64 package needs in place of Amazon Linux 2023's.
    /// </summary>
    public static async Task<string> FetchArm64OpenSslAsync()
    {
        var output = await RunAsync("bash", [Path.Combine("scripts", "fetch-test-libraries.sh")]);
        return output.Trim().Split('\n')[^1];
    }

    private static string PackageName(string architecture) => architecture == Arm64 ? "function-arm64" : "function";

    private static async Task<string> RunAsync(string program, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(program, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryRoot.Find(),
        };
        using var process = Process.Start(start)
            ?? throw new InvalidOperationException($"{program} could not be started.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(BuildTimeout);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{program} {string.Join(' ', arguments)} failed with exit code {process.ExitCode}:\n{await output}\n{await error}");
        }

        return await output;
    }
}
