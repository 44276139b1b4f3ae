using System.Diagnostics;
using Signup.Core;
using Signup.Local.Storage;
using Signup.Testing;

namespace Signup.DynamoDb.Tests;

[Trait("Category", "Integration")]
public sealed class DynamoDbUserStoreRetryTests(DynamoDbLocalFixture dynamoDb)
{
    [Theory]
    [MemberData(nameof(Faults.Transient), MemberType = typeof(Faults))]
    public async Task Create_TransientThenHealthy_Created(string fault)
    {
        var table = await dynamoDb.CreateUsersTableAsync(TestContext.Current.CancellationToken);
        using var client = new FaultInjectingClient(
            DynamoDbClientFactory.CreateConfig(dynamoDb.Server.GetEnvironmentVariable),
            FaultInjectingClient.FailFirst(3, () => Faults.Create(fault)));
        var store = new DynamoDbUserStore(client, table);

        var outcome = await store.CreateAsync(
            TestUsers.Create(),
            DateTimeOffset.UtcNow.AddSeconds(10),
            TestContext.Current.CancellationToken);

        Assert.IsType<StoreOutcome.Created>(outcome);
        Assert.Equal(4, client.Calls);
        var items = await dynamoDb.ScanAsync(table, TestContext.Current.CancellationToken);
        Assert.Equal(3, items.Count);
    }

    [Fact]
    public async Task Create_AlwaysThrottled_UnavailableBeforeDeadline()
    {
        var table = await dynamoDb.CreateUsersTableAsync(TestContext.Current.CancellationToken);
        using var client = new FaultInjectingClient(
            DynamoDbClientFactory.CreateConfig(dynamoDb.Server.GetEnvironmentVariable),
            _ => Faults.Create("ThrottlingException"));
        var store = new DynamoDbUserStore(client, table);
        var budget = TimeSpan.FromSeconds(1.5);
        var stopwatch = Stopwatch.StartNew();

        var outcome = await store.CreateAsync(
            TestUsers.Create(),
            DateTimeOffset.UtcNow + budget,
            TestContext.Current.CancellationToken);

        stopwatch.Stop();
        var unavailable = Assert.IsType<StoreOutcome.Unavailable>(outcome);
        Assert.False(unavailable.MayHaveBeenWritten);
        Assert.True(stopwatch.Elapsed <= budget + TimeSpan.FromMilliseconds(50), $"Took {stopwatch.Elapsed}.");
        Assert.True(client.Calls >= 3, $"Only {client.Calls} attempts.");
        var items = await dynamoDb.ScanAsync(table, TestContext.Current.CancellationToken);
        Assert.Empty(items);
    }

    [Fact]
    public async Task Create_ThrottledAfterTimeout_MayHaveBeenWritten()
    {
        var table = await dynamoDb.CreateUsersTableAsync(TestContext.Current.CancellationToken);
        var calls = 0;
        using var client = new FaultInjectingClient(
            DynamoDbClientFactory.CreateConfig(dynamoDb.Server.GetEnvironmentVariable),
            _ => Faults.Create(Interlocked.Increment(ref calls) == 1 ? "SdkTimeout" : "ThrottlingException"));
        var store = new DynamoDbUserStore(client, table);

        var outcome = await store.CreateAsync(
            TestUsers.Create(),
            DateTimeOffset.UtcNow.AddSeconds(1.5),
            TestContext.Current.CancellationToken);

        var unavailable = Assert.IsType<StoreOutcome.Unavailable>(outcome);
        Assert.True(unavailable.MayHaveBeenWritten);
        Assert.True(client.Calls >= 2, $"Only {client.Calls} attempts.");
    }

    [Fact]
    public async Task Create_DynamoDbStopped_UnavailableBeforeDeadline()
    {
        var server = await DynamoDbLocal.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        using var client = server.CreateClient();
        var store = new DynamoDbUserStore(client, "users");
        try
        {
            await UsersTable.CreateTableIfAbsentAsync(client, "users", TestContext.Current.CancellationToken);
            var first = await store.CreateAsync(
                TestUsers.Create(),
                DateTimeOffset.UtcNow.AddSeconds(5),
                TestContext.Current.CancellationToken);
            Assert.IsType<StoreOutcome.Created>(first);
        }
        finally
        {
            await server.DisposeAsync();
        }

        var budget = TimeSpan.FromSeconds(1.5);
        var stopwatch = Stopwatch.StartNew();

        var outcome = await store.CreateAsync(
            TestUsers.Create(),
            DateTimeOffset.UtcNow + budget,
            TestContext.Current.CancellationToken);

        stopwatch.Stop();
        var unavailable = Assert.IsType<StoreOutcome.Unavailable>(outcome);
        Assert.Equal(TimeSpan.FromSeconds(1), unavailable.RetryAfter);
        Assert.False(unavailable.MayHaveBeenWritten);
        Assert.True(stopwatch.Elapsed <= budget + TimeSpan.FromMilliseconds(50), $"Took {stopwatch.Elapsed}.");
    }

    [Fact]
    public async Task Create_FiftyRacesForOneUsername_OneCreated()
    {
        const int Writers = 50;
        var table = await dynamoDb.CreateUsersTableAsync(TestContext.Current.CancellationToken);
        var store = new DynamoDbUserStore(dynamoDb.Client, table);
        var username = TestUsers.UniqueName("race");
        var deadline = DateTimeOffset.UtcNow.AddSeconds(20);
        using var start = new ManualResetEventSlim();

        var writers = Enumerable.Range(0, Writers)
            .Select(_ => Task.Run(
                () =>
                {
                    start.Wait(TestContext.Current.CancellationToken);
                    return store.CreateAsync(TestUsers.Create(username), deadline, TestContext.Current.CancellationToken);
                },
                TestContext.Current.CancellationToken))
            .ToList();
        start.Set();
        var outcomes = await Task.WhenAll(writers);

        Assert.Single(outcomes, outcome => outcome is StoreOutcome.Created);
        var conflicts = outcomes.OfType<StoreOutcome.Conflict>().ToList();
        Assert.Equal(Writers - 1, conflicts.Count);
        Assert.All(conflicts, conflict => Assert.Equal([FieldNames.Username], conflict.Fields));
        var items = await dynamoDb.ScanAsync(table, TestContext.Current.CancellationToken);
        Assert.Equal(3, items.Count);
    }
}
