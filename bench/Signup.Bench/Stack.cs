using System.Diagnostics;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Logging;
using Signup.DynamoDb;
using Signup.Local;
using Signup.Local.Template;

namespace Signup.Bench;

/// <summary>Starts the local stack as <c>./run --aot --in-memory</c> does, with the gateway's throttling lifted.</summary>
internal static class Stack
{
    // Far above any rate the benchmark offers, so that the gateway's token bucket never answers 429.
    private const string UnthrottledLimit = "1000000";

    public static async Task<LocalStack> StartAsync(
        string root, IReadOnlyDictionary<string, string> functionEnvironment, ILoggerFactory loggerFactory)
    {
        await AotBuild.EnsureAsync(root).ConfigureAwait(false);
        var options = new LocalStackOptions
        {
            RepositoryRoot = root,
            Port = 0,
            DynamoDb = DynamoDbMode.InMemory,
            FunctionMode = FunctionMode.Aot,
            FunctionEnvironment = functionEnvironment,
            Template = new TemplateReaderOptions
            {
                ParameterOverrides = new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    ["StageThrottlingRateLimit"] = UnthrottledLimit,
                    ["StageThrottlingBurstLimit"] = UnthrottledLimit,
                },
            },
            // No process may stop between levels: a cold start in the middle of a level is not what it measures.
            IdleTimeout = TimeSpan.FromHours(1),
            // Access-log lines would cost console time per request; errors still reach the logger.
            Output = TextWriter.Null,
            LoggerFactory = loggerFactory,
        };
        return await LocalStack.StartAsync(options).ConfigureAwait(false);
    }

    /// <summary>Registers with up to every process of the function busy, so that all of them start and warm up.</summary>
    public static async Task<LevelResult> WarmUpAsync(
        LocalStack stack, LoadGenerator generator, Func<HttpRequestMessage> createRequest, TimeSpan duration)
    {
        var concurrency = stack.GetFunctionStatus(FunctionName(stack)).MaxConcurrency;
        return await generator.RunClosedLoopAsync(createRequest, concurrency, duration).ConfigureAwait(false);
    }

    public static string FunctionName(LocalStack stack) => stack.Configuration.Functions[0].LogicalId;

    /// <summary>Counts the user items in the stack's users table, with a consistent scan.</summary>
    public static async Task<int> CountUsersAsync(LocalStack stack)
    {
        using var client = stack.DynamoDb!.CreateClient();
        var items = await TableConsistencyChecker.ScanAllAsync(client, stack.Configuration.Tables[0].TableName)
            .ConfigureAwait(false);
        return items.Count(item =>
            item.TryGetValue(UsersTable.TypeAttribute, out AttributeValue? type) && type.S == UsersTable.UserType);
    }
}

/// <summary>The Native AOT build of the function in <c>artifacts/aot</c>, as <c>./run --aot</c> publishes it.</summary>
internal static class AotBuild
{
    public static string BootstrapPath(string root) => Path.Combine(root, "artifacts", "aot", "bootstrap");

    /// <summary>Publishes the function when its bootstrap is missing or older than a source file.</summary>
    public static async Task EnsureAsync(string root)
    {
        var bootstrap = BootstrapPath(root);
        if (File.Exists(bootstrap) && !SourcesNewerThan(root, File.GetLastWriteTimeUtc(bootstrap)))
        {
            return;
        }

        Console.WriteLine("Publishing the Native AOT function (artifacts/aot)...");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[]
        {
            "publish", "src/Signup.Function", "--configuration", "Release", "--nologo", "--verbosity", "quiet",
            "--runtime", "linux-x64", "-p:PublishAot=true", "--output", "artifacts/aot",
        })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"Publishing the Native AOT function failed (exit code {process.ExitCode}):\n" +
                await output.ConfigureAwait(false) + await error.ConfigureAwait(false));
        }

        // MSBuild keeps an up-to-date bootstrap's time stamp; touching it stops the next run from publishing again.
        File.SetLastWriteTimeUtc(bootstrap, DateTime.UtcNow);
    }

    private static bool SourcesNewerThan(string root, DateTime time) =>
        new[]
        {
            "src/Signup.Core", "src/Signup.DynamoDb", "src/Signup.Lambda", "src/Signup.Function",
            "Directory.Build.props", "Directory.Packages.props",
        }
            .Select(path => Path.Combine(root, path))
            .SelectMany(path => File.Exists(path)
                ? [path]
                : Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                    .Where(file => !file.Contains("/bin/", StringComparison.Ordinal)
                        && !file.Contains("/obj/", StringComparison.Ordinal)))
            .Any(file => File.GetLastWriteTimeUtc(file) > time);
}
