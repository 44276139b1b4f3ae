using System.Diagnostics;
using Signup.Testing;

namespace Signup.Deploy.Tests.Package;

/// <summary>
/// The Lambda package that <c>make package</c> builds: <c>artifacts/function/</c> and <c>artifacts/function.zip</c>.
/// The first caller of a test run builds it. That publishes the Native AOT bootstrap and, once per machine, compiles
/// ICU (about 3 minutes on two cores). Later callers of the same run reuse the result.
/// </summary>
internal static class FunctionPackage
{
    private static readonly SemaphoreSlim BuildLock = new(1, 1);
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(25);
    private static string? _directory;

    public static string ZipPath => Path.Combine(RepositoryRoot.Find(), "artifacts", "function.zip");

    /// <summary>Runs <c>make package</c> once per test run and returns the package folder.</summary>
    public static async Task<string> BuildAsync()
    {
        await BuildLock.WaitAsync();
        try
        {
            if (_directory is not null)
            {
                return _directory;
            }

            var root = RepositoryRoot.Find();
            var start = new ProcessStartInfo("make", ["-C", root, "package"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var process = Process.Start(start)
                ?? throw new InvalidOperationException("make could not be started; install make (Debian: apt-get install make).");
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(BuildTimeout);
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException(
                    $"make package failed with exit code {process.ExitCode}:\n{await output}\n{await error}");
            }

            _directory = Path.Combine(root, "artifacts", "function");
            return _directory;
        }
        finally
        {
            BuildLock.Release();
        }
    }
}
