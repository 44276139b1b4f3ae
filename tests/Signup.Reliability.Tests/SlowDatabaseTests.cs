using System.Text.Json;
using Signup.Reliability.Tests.Support;
using Signup.Testing;

namespace Signup.Reliability.Tests;

/// <summary>
/// DynamoDB made slow by a delaying proxy between the function and the database: calls that cannot finish before the
/// deadline give the function's own 503 with Retry-After, in time, and once the delay is gone registrations succeed.
/// </summary>
[Trait("Category", "Integration")]
public sealed class SlowDatabaseTests(SlowDatabaseStack stack) : IClassFixture<SlowDatabaseStack>
{
    private const int SlowRequests = 6;
    private const int RequestsAfterDelay = 5;

    // Longer than the DynamoDB client's 2 s bound on one request, so that no attempt finishes before the deadline.
    private static readonly TimeSpan PastDeadline = TimeSpan.FromSeconds(3);

    // Slow, but short enough for the write to finish well before the deadline.
    private static readonly TimeSpan WithinDeadline = TimeSpan.FromMilliseconds(400);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DelayPastDeadline_Gives503ThenRecovers()
    {
        var proxy = stack.Proxy;
        var warm = await stack.RegisterAsync(Registration.Create("slow"), Token);

        proxy.Delay = WithinDeadline;
        var slowButInTime = await stack.RegisterAsync(Registration.Create("slow"), Token);

        proxy.Delay = PastDeadline;
        var delayed = Enumerable.Range(0, SlowRequests).Select(_ => Registration.Create("slow")).ToList();
        var delayedReplies = await Task.WhenAll(delayed.Select(registration => stack.RegisterAsync(registration, Token)));
        var delayedChunks = proxy.DelayedChunks;

        proxy.Delay = TimeSpan.Zero;
        var after = new List<ApiReply>();
        for (var i = 0; i < RequestsAfterDelay; i++)
        {
            after.Add(await stack.RegisterAsync(Registration.Create("slow"), Token));
        }

        var stored = await stack.StoredUsernamesAsync(Token);
        var problems = await stack.CheckConsistencyAsync(Token);
        TestFigures.Write(nameof(DelayPastDeadline_Gives503ThenRecovers), new
        {
            delayWithinDeadlineMs = WithinDeadline.TotalMilliseconds,
            statusWithinDeadline = slowButInTime.Status,
            delayPastDeadlineMs = PastDeadline.TotalMilliseconds,
            requestsPastDeadline = SlowRequests,
            statusesPastDeadline = Replies.CountByStatus(delayedReplies),
            slowestPastDeadlineMs = Math.Round(delayedReplies.Max(reply => reply.Elapsed.TotalMilliseconds)),
            chunksDelayed = delayedChunks,
            proxyConnections = proxy.ConnectionCount,
            statusesAfterDelayRemoved = Replies.CountByStatus(after),
            storedAfterA503 = delayed.Count(registration => stored.Contains(registration.Username)),
            consistencyProblems = problems.Count,
        });

        Assert.Equal(200, warm.Status);
        Assert.Equal(200, slowButInTime.Status);
        Assert.True(delayedChunks > 0, "The proxy delayed nothing: the function did not connect through it.");
        Assert.All(delayedReplies, reply => Assert.True(reply.IsRetryableProblem, $"Not the function's 503: {reply}"));
        Assert.All(delayedReplies, reply => Assert.True(
            reply.Elapsed < ReliabilityStack.FunctionTimeout, $"The 503 came after the function timeout: {reply}"));
        Assert.All(
            delayed.Zip(delayedReplies).Where(pair => stored.Contains(pair.First.Username)),
            pair => Assert.Contains("may have been created", pair.Second.Body));
        Assert.All(after, reply => Assert.Equal(200, reply.Status));
        Assert.Empty(problems);
    }

    // The proxy forwards a held write after the function has given up on it, as a slow network does, and DynamoDB
    // then commits it. The 503 must say that the account may exist, and a retry with the same key must return it.
    [Fact]
    public async Task DelayPastDeadline_RetryWithSameKey_OneAccount()
    {
        var registration = Registration.Create("slow");
        var key = Guid.NewGuid().ToString("N");

        // Only the write is held, so the read of the idempotency record that comes first finds nothing in time.
        stack.Proxy.OnlyChunksContaining = "TransactWriteItems";
        stack.Proxy.Delay = PastDeadline;
        ApiReply first;
        try
        {
            first = await stack.RegisterAsync(registration, Token, key);
        }
        finally
        {
            stack.Proxy.Delay = TimeSpan.Zero;
            stack.Proxy.OnlyChunksContaining = null;
        }

        // Gives the held write time to arrive.
        await Task.Delay(PastDeadline, Token);
        var retry = await stack.RegisterAsync(registration, Token, key);
        var again = await stack.RegisterAsync(registration, Token, key);
        var users = (await stack.ScanAsync(Token))
            .Count(item => item.TryGetValue("username", out var name) && name.S == registration.Username);
        var problems = await stack.CheckConsistencyAsync(Token);

        Assert.True(first.IsRetryableProblem, $"Not the function's 503: {first}");
        Assert.Contains("may have been created", first.Body);
        Assert.Equal(200, retry.Status);
        Assert.Equal(200, again.Status);
        Assert.Equal(UserId(retry), UserId(again));
        Assert.Equal(1, users);
        Assert.Empty(problems);
    }

    private static string? UserId(ApiReply reply) =>
        JsonDocument.Parse(reply.Body).RootElement.GetProperty("userId").GetString();
}
