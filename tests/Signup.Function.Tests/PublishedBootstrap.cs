using System.Diagnostics;
using Signup.Testing;

namespace Signup.Function.Tests;

/// <summary>
/// Publishes the function as a Native AOT <c>bootstrap</c>, once per test run, and starts it as a child process
/// against a Runtime API. The publish output is kept so a test can check it for trim and AOT warnings.
/// </summary>
internal static class PublishedBootstrap
{
    private static readonly SemaphoreSlim PublishLock = new(1, 1);
    private static (string Path, string Output)? _published;

    /// <summary>Publishes (or reuses the publish of this run) and returns the binary's path and the build output.</summary>
    public static async Task<(string Path, string Output)> PublishAsync()
    {
        await PublishLock.WaitAsync();
        try
        {
            if (_published is { } published)
            {
                return published;
            }

            var root = RepositoryRoot.Find();
            var outputDirectory = Path.Combine(root, "artifacts", "test-bootstrap");
            var start = new ProcessStartInfo("dotnet")
            {
                ArgumentList =
                {
                    "publish", Path.Combine(root, "src", "Signup.Function"), "-c", "Release", "-r", "linux-x64",
                    "-p:PublishAot=true", "-o", outputDirectory, "-nologo", "-clp:NoSummary",
                },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(8));
            var output = await stdout + await stderr;
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"dotnet publish failed with exit code {process.ExitCode}:\n{output}");
            }

            _published = (Path.Combine(outputDirectory, "bootstrap"), output);
            return _published.Value;
        }
        finally
        {
            PublishLock.Release();
        }
    }
}
