using System.Diagnostics;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Logging;
using Signup.DynamoDb;
using Signup.Local;
using Signup.Local.Storage;
using Signup.Local.Template;

namespace Signup.Bench;

/// <summary>Starts the local stack as <c>./run --aot --in-memory</c> does, with the gateway's throttling lifted.</summary>
internal static class Stack
{
    // Far above any rate the benchmark offers, so that the gateway's token bucket never rejects a request with 429.
    private const string UnthrottledLimit = "1000000";

    public static async Task<LocalStack> StartAsync(
        string root,
        IReadOnlyDictionary<string, string> functionEnvironment,
        FunctionTimings timings,
        ILoggerFactory loggerFactory)
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
            // Only the function's invocation lines are kept; the stack's own warnings and errors reach the logger.
            Output = timings,
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

    /// <summary>
    /// Creates a client for the benchmark's own requests to DynamoDB Local. The function's client gives up after 2 s
    /// without a retry, which a JVM that has just started, or a scan of many thousand items, can exceed.
    /// </summary>
    public static AmazonDynamoDBClient CreateLongTimeoutClient(DynamoDbLocal dynamoDb)
    {
        var config = DynamoDbClientFactory.CreateConfig(dynamoDb.GetEnvironmentVariable);
        config.Timeout = TimeSpan.FromSeconds(60);
        config.MaxErrorRetry = 3;
        return new AmazonDynamoDBClient(config);
    }

    /// <summary>Counts the user items in the stack's users table, with a consistent scan.</summary>
    public static async Task<int> CountUsersAsync(LocalStack stack)
    {
        using var client = CreateLongTimeoutClient(stack.DynamoDb!);
        var items = await TableConsistencyChecker.ScanAllAsync(client, stack.Configuration.Tables[0].TableName)
            .ConfigureAwait(false);
        return items.Count(item =>
            item.TryGetValue(UsersTable.TypeAttribute, out AttributeValue? type) && type.S == UsersTable.UserType);
    }
}

/// <summary>
/// The Native AOT build of the function in <c>artifacts/aot</c>. It is published as <c>./run --aot</c> publishes it,
/// and with the same stamp file, so that either rebuilds it after a source change and neither does so twice.
/// </summary>
internal static class AotBuild
{
    private static readonly string[] Sources = ["src", "Directory.Build.props", "Directory.Packages.props", "global.json"];

    public static string BootstrapPath(string root) => Path.Combine(root, "artifacts", "aot", "bootstrap");

    /// <summary>Publishes the function when its bootstrap is missing or a source changed since the last publish.</summary>
    public static async Task EnsureAsync(string root)
    {
        var stamp = Path.Combine(root, "artifacts", "aot", "run-build.stamp");
        if (File.Exists(BootstrapPath(root)) && File.Exists(stamp)
            && !SourcesNewerThan(root, File.GetLastWriteTimeUtc(stamp)))
        {
            return;
        }

        Console.WriteLine("Publishing the Native AOT function (artifacts/aot)...");
        // The stamp is taken before the publish starts, so that a file saved during it counts as changed.
        Directory.CreateDirectory(Path.GetDirectoryName(stamp)!);
        File.WriteAllText(stamp + ".new", "");
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

        File.Move(stamp + ".new", stamp, overwrite: true);
    }

    private static bool SourcesNewerThan(string root, DateTime time) => Sources
        .Select(path => Path.Combine(root, path))
        .SelectMany(path => Directory.Exists(path)
            ? Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                .Where(file => !file.Contains("/bin/", StringComparison.Ordinal)
                    && !file.Contains("/obj/", StringComparison.Ordinal))
            : File.Exists(path) ? [path] : [])
        .Any(file => File.GetLastWriteTimeUtc(file) > time);
}
