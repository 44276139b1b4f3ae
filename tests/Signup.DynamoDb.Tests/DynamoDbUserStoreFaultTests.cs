using System.Net;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Signup.Core;

namespace Signup.DynamoDb.Tests;

/// <summary>
/// Error handling against injected failures only: no request reaches a server, and backoff delays run on a clock
/// that jumps instead of waiting.
/// </summary>
public sealed class DynamoDbUserStoreFaultTests
{
    private static readonly DateTimeOffset Start = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(new[] { "None", "ConditionalCheckFailed", "None" }, new[] { FieldNames.Username })]
    [InlineData(new[] { "None", "None", "ConditionalCheckFailed" }, new[] { FieldNames.Email })]
    [InlineData(new[] { "None", "ConditionalCheckFailed", "ConditionalCheckFailed" }, new[] { FieldNames.Username, FieldNames.Email })]
    [InlineData(new[] { "None", "ConditionalCheckFailed", "TransactionConflict" }, new[] { FieldNames.Username })]
    [InlineData(new[] { "None", "ConditionalCheckFailed" }, new[] { FieldNames.Username })]
    public async Task Create_ConditionFailures_ReturnsConflict(string[] codes, string[] expectedFields)
    {
        using var client = Client(_ => Faults.Cancelled(codes));

        var outcome = await CreateAsync(client);

        var conflict = Assert.IsType<StoreOutcome.Conflict>(outcome);
        Assert.Equal(expectedFields, conflict.Fields);
        Assert.Equal(1, client.Calls);
    }

    public static readonly TheoryData<string[]?> UnusableReasons = new()
    {
        (string[]?)null,
        Array.Empty<string>(),
        new[] { "None" },
        new[] { "ValidationError", "None", "None" },
        new[] { "None", "ItemCollectionSizeLimitExceeded", "None" },
        new[] { "ConditionalCheckFailed", "None", "None" },
        new[] { "ConditionalCheckFailed", "ConditionalCheckFailed", "ConditionalCheckFailed" },
    };

    [Theory]
    [MemberData(nameof(UnusableReasons))]
    public async Task Create_UnusableCancellation_ThrowsOnFirstAttempt(string[]? codes)
    {
        var fault = Faults.Cancelled(codes);
        using var client = Client(_ => fault);

        var exception = await Assert.ThrowsAsync<UserStoreException>(() => CreateAsync(client));

        Assert.Same(fault, exception.InnerException);
        Assert.Equal(1, client.Calls);
    }

    [Theory]
    [InlineData("AccessDeniedException", HttpStatusCode.BadRequest)]
    [InlineData("ValidationException", HttpStatusCode.BadRequest)]
    [InlineData("UnrecognizedClientException", HttpStatusCode.BadRequest)]
    public async Task Create_ClientError_ThrowsOnFirstAttempt(string errorCode, HttpStatusCode status)
    {
        var fault = new AmazonDynamoDBException("Rejected", ErrorType.Sender, errorCode, "request-1", status);
        using var client = Client(_ => fault);

        var exception = await Assert.ThrowsAsync<UserStoreException>(() => CreateAsync(client));

        Assert.Same(fault, exception.InnerException);
        Assert.Contains(errorCode, exception.Message, StringComparison.Ordinal);
        Assert.Equal(1, client.Calls);
    }

    [Fact]
    public async Task Create_NonAwsError_ThrowsWrapped()
    {
        var fault = new InvalidOperationException("Unexpected");
        using var client = Client(_ => fault);

        var exception = await Assert.ThrowsAsync<UserStoreException>(() => CreateAsync(client));

        Assert.Same(fault, exception.InnerException);
    }

    [Theory]
    [MemberData(nameof(Faults.Transient), MemberType = typeof(Faults))]
    public async Task Create_TransientUntilDeadline_ReturnsUnavailable(string fault)
    {
        var clock = new SteppingTimeProvider(Start);
        using var client = Client(_ => Faults.Create(fault));
        var options = new DynamoDbUserStoreOptions
        {
            SafetyMargin = TimeSpan.FromSeconds(1),
            Backoff = new BackoffPolicy(Ms(25), Ms(1000), seed: 7),
        };
        var store = new DynamoDbUserStore(client, "users", options, clock);
        var deadline = Start + TimeSpan.FromSeconds(3);

        var outcome = await store.CreateAsync(TestUsers.Create(), deadline, TestContext.Current.CancellationToken);

        var unavailable = Assert.IsType<StoreOutcome.Unavailable>(outcome);
        Assert.Equal(TimeSpan.FromSeconds(1), unavailable.RetryAfter);
        Assert.True(client.Calls >= 3, $"Only {client.Calls} attempts in 3 s.");
        Assert.True(clock.GetUtcNow() <= deadline - options.SafetyMargin, $"Stopped at {clock.GetUtcNow():O}.");
    }

    [Fact]
    public async Task Create_Throttled_WaitsWithinBackoffCeilings()
    {
        var clock = new SteppingTimeProvider(Start);
        var attemptTimes = new List<DateTimeOffset>();
        using var client = Client(_ =>
        {
            attemptTimes.Add(clock.GetUtcNow());
            return new ThrottlingException("Throughput exceeds the current capacity");
        });
        var backoff = new BackoffPolicy(Ms(25), Ms(1000), seed: 11);
        var store = new DynamoDbUserStore(client, "users", new DynamoDbUserStoreOptions { Backoff = backoff }, clock);

        await store.CreateAsync(TestUsers.Create(), Start + TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.True(attemptTimes.Count >= 5, $"Only {attemptTimes.Count} attempts in 10 s.");
        for (var retry = 0; retry < attemptTimes.Count - 1; retry++)
        {
            var wait = attemptTimes[retry + 1] - attemptTimes[retry];
            Assert.InRange(wait, TimeSpan.Zero, backoff.CeilingFor(retry));
        }
    }

    [Fact]
    public async Task Create_DeadlineWithinMargin_ReturnsUnavailableWithoutAttempt()
    {
        var clock = new SteppingTimeProvider(Start);
        using var client = Client(_ => null);
        var options = new DynamoDbUserStoreOptions { SafetyMargin = Ms(250), RetryAfter = TimeSpan.FromSeconds(2) };
        var store = new DynamoDbUserStore(client, "users", options, clock);

        var outcome = await store.CreateAsync(TestUsers.Create(), Start + Ms(200), TestContext.Current.CancellationToken);

        var unavailable = Assert.IsType<StoreOutcome.Unavailable>(outcome);
        Assert.Equal(TimeSpan.FromSeconds(2), unavailable.RetryAfter);
        Assert.Equal(0, client.Calls);
    }

    [Fact]
    public async Task Create_CallerCancels_ThrowsOperationCanceled()
    {
        using var cancellation = new CancellationTokenSource();
        using var client = Client(call =>
        {
            if (call == 2)
            {
                cancellation.Cancel();
                return new OperationCanceledException(cancellation.Token);
            }

            return new ThrottlingException("Throughput exceeds the current capacity");
        });
        var store = new DynamoDbUserStore(client, "users");

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => store.CreateAsync(TestUsers.Create(), DateTimeOffset.UtcNow.AddSeconds(10), cancellation.Token));

        Assert.Equal(2, client.Calls);
    }

    [Fact]
    public async Task Create_AttemptHangs_ReturnsUnavailableBeforeDeadline()
    {
        using var client = new HangingClient();
        var store = new DynamoDbUserStore(client, "users");
        var deadline = DateTimeOffset.UtcNow.AddSeconds(1);

        var outcome = await store.CreateAsync(TestUsers.Create(), deadline, TestContext.Current.CancellationToken);

        Assert.IsType<StoreOutcome.Unavailable>(outcome);
        Assert.True(DateTimeOffset.UtcNow <= deadline, $"Returned {(DateTimeOffset.UtcNow - deadline).TotalMilliseconds} ms late.");
    }

    private static TimeSpan Ms(int milliseconds) => TimeSpan.FromMilliseconds(milliseconds);

    private static async Task<StoreOutcome> CreateAsync(FaultInjectingClient client)
    {
        var store = new DynamoDbUserStore(client, "users", timeProvider: new SteppingTimeProvider(Start));
        return await store.CreateAsync(
            TestUsers.Create(),
            Start + TimeSpan.FromSeconds(5),
            TestContext.Current.CancellationToken);
    }

    // Nothing listens on the discard port; the injected failures keep requests from being sent at all.
    private static FaultInjectingClient Client(Func<int, Exception?> failure) =>
        new(DynamoDbClientFactory.CreateConfig(Unreachable), failure);

    private static string? Unreachable(string name) =>
        name == DynamoDbClientFactory.EndpointVariable ? "http://127.0.0.1:9" : null;

    private sealed class HangingClient() : AmazonDynamoDBClient(DynamoDbClientFactory.CreateConfig(Unreachable))
    {
        public override async Task<TransactWriteItemsResponse> TransactWriteItemsAsync(
            TransactWriteItemsRequest request,
            CancellationToken cancellationToken = default)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("An infinite delay ended without cancellation.");
        }
    }
}
