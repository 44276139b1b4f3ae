using System.Diagnostics;
using System.Text.Json;
using Signup.DynamoDb;
using Signup.Local.Runtime;
using Signup.Local.Storage;
using Signup.Testing;

namespace Signup.Bench;

/// <summary>
/// Starts the function's JIT and Native AOT builds one process at a time under a Runtime API on 127.0.0.1, and
/// times each start up to its first <c>next</c> request and its first registration, then reads its memory.
/// </summary>
internal static class ColdStartScenario
{
    private const string TableName = "users-coldstart";
    private static readonly TimeSpan InvocationTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan InitTimeout = TimeSpan.FromSeconds(30);

    public static async Task<ColdStartResult> RunAsync(BenchRun run)
    {
        await AotBuild.EnsureAsync(run.Root).ConfigureAwait(false);
        var jitPath = Path.Combine(run.Root, "src", "Signup.Function", "bin", "Release", "net10.0", "bootstrap.dll");
        if (!File.Exists(jitPath))
        {
            throw new InvalidOperationException(
                $"The JIT build of the function is missing: {jitPath}. Run the benchmark with -c Release, which builds it.");
        }

        Console.WriteLine("Starting DynamoDB Local for the cold starts...");
        await using var dynamoDb = await DynamoDbLocal.StartAsync().ConfigureAwait(false);
        using (var client = Stack.CreateLongTimeoutClient(dynamoDb))
        {
            await UsersTable.CreateTableIfAbsentAsync(client, TableName, CancellationToken.None).ConfigureAwait(false);
        }

        var environment = new Dictionary<string, string>(dynamoDb.EnvironmentVariables, StringComparer.Ordinal)
        {
            [UsersTable.TableNameVariable] = TableName,
            ["AWS_ACCESS_KEY_ID"] = "local",
            ["AWS_SECRET_ACCESS_KEY"] = "local",
            ["AWS_SESSION_TOKEN"] = "local",
            ["AWS_LAMBDA_FUNCTION_NAME"] = "signup-coldstart",
        };
        var jitLaunch = FunctionLaunch.Jit(jitPath);
        var jit = new List<Start>();
        var aot = new List<Start>();
        var sequence = 0;
        // The builds take turns, so that a busy moment of the machine falls on both alike.
        for (var i = 0; i < run.Settings.ColdStarts; i++)
        {
            jit.Add(await StartOnceAsync(jitLaunch.FileName, [.. jitLaunch.Arguments], environment, ++sequence)
                .ConfigureAwait(false));
            aot.Add(await StartOnceAsync(AotBuild.BootstrapPath(run.Root), [], environment, ++sequence)
                .ConfigureAwait(false));
        }

        var result = new ColdStartResult(
            Summarize($"JIT (dotnet {Path.GetFileName(jitPath)})", jit),
            Summarize("Native AOT (artifacts/aot/bootstrap)", aot));
        foreach (var series in new[] { result.Jit, result.Aot })
        {
            Console.WriteLine(
                $"  {series.Launch}: init {Stats.MedianIqr(series.InitMs)} ms, first invocation " +
                $"{Stats.MedianIqr(series.FirstInvocationMs)} ms, RSS {Stats.MedianIqr(series.RssMiB)} MiB");
        }

        return result;
    }

    private static async Task<Start> StartOnceAsync(
        string fileName, string[] arguments, Dictionary<string, string> environment, int sequence)
    {
        await using var server = await RuntimeApiServer.StartAsync().ConfigureAwait(false);
        var variables = new Dictionary<string, string>(environment, StringComparer.Ordinal)
        {
            ["AWS_LAMBDA_RUNTIME_API"] = server.Address,
        };
        var spawned = Stopwatch.GetTimestamp();
        await using var process = FunctionProcess.Start(fileName, variables, arguments);
        var initMs = await WaitForFirstNextAsync(server, process, spawned).ConfigureAwait(false);

        var name = $"cold-{Guid.NewGuid():N}"[..20] + "-" + sequence;
        var payload = RegistrationEvents.CreateUser(name, name + "@example.com", "Tractor-Galaxy-" + sequence);
        var invoked = Stopwatch.GetTimestamp();
        var result = await server.InvokeAsync(payload, InvocationTimeout).ConfigureAwait(false);
        var invocationMs = Stopwatch.GetElapsedTime(invoked).TotalMilliseconds;
        var rssMiB = ProcessMemory.ResidentMiB(process.Id);
        await process.TerminateAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);

        using var response = JsonDocument.Parse(result.Body);
        var status = result.IsError ? 0 : response.RootElement.GetProperty("statusCode").GetInt32();
        return new Start(initMs, invocationMs, rssMiB, status);
    }

    // The server counts next requests but does not time them, so a thread checks the count every millisecond.
    // The init time is therefore late by up to about a millisecond.
    private static async Task<double> WaitForFirstNextAsync(RuntimeApiServer server, FunctionProcess process, long spawned)
    {
        var initMs = await Task.Factory.StartNew(
                () =>
                {
                    while (server.NextCallCount == 0)
                    {
                        if (process.HasExited || Stopwatch.GetElapsedTime(spawned) > InitTimeout)
                        {
                            return double.NaN;
                        }

                        Thread.Sleep(1);
                    }

                    return Stopwatch.GetElapsedTime(spawned).TotalMilliseconds;
                },
                TaskCreationOptions.LongRunning)
            .ConfigureAwait(false);
        if (double.IsNaN(initMs))
        {
            var reason = process.HasExited
                ? $"exited with code {process.ExitCode}"
                : $"did not request its first event within {InitTimeout.TotalSeconds:0} s";
            throw new InvalidOperationException($"The function {reason}. Output:\n{process.Output}");
        }

        return initMs;
    }

    private static ColdStartSeries Summarize(string launch, List<Start> starts) => new(
        launch,
        [.. starts.Select(start => start.InitMs)],
        [.. starts.Select(start => start.FirstInvocationMs)],
        [.. starts.Select(start => start.RssMiB)],
        [.. starts.Select(start => start.Status)]);

    private readonly record struct Start(double InitMs, double FirstInvocationMs, double RssMiB, int Status);
}
