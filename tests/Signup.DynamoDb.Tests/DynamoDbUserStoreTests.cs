using System.Globalization;
using Amazon.DynamoDBv2.Model;
using Signup.Core;
using Signup.Testing;

namespace Signup.DynamoDb.Tests;

[Trait("Category", "Integration")]
public sealed class DynamoDbUserStoreTests(DynamoDbLocalFixture dynamoDb)
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Create_NewUser_StoresExactlyThreeItems()
    {
        var table = await dynamoDb.CreateUsersTableAsync(TestContext.Current.CancellationToken);
        var store = new DynamoDbUserStore(dynamoDb.Client, table);
        var user = TestUsers.Create("Zoë_Smith", "Zoe.Smith@Example.com") with
        {
            UsernameKey = "zoë_smith",
            EmailKey = "zoe.smith@example.com",
        };

        var outcome = await CreateAsync(store, user);

        Assert.IsType<StoreOutcome.Created>(outcome);
        var items = await dynamoDb.ScanAsync(table, TestContext.Current.CancellationToken);
        Assert.Equal(3, items.Count);
        var keys = items.Select(item => item[UsersTable.PartitionKey].S).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(
            new[] { "EMAIL#zoe.smith@example.com", "USER#" + user.UserId.ToString("D"), "USERNAME#zoë_smith" }
                .Order(StringComparer.Ordinal),
            keys);
    }

    [Fact]
    public async Task Create_NewUser_WritesUserItemAttributes()
    {
        var table = await dynamoDb.CreateUsersTableAsync(TestContext.Current.CancellationToken);
        var store = new DynamoDbUserStore(dynamoDb.Client, table);
        var user = TestUsers.Create() with
        {
            CreatedAt = new DateTimeOffset(2025, 12, 31, 23, 59, 58, 7, TimeSpan.FromHours(2)),
        };

        await CreateAsync(store, user);

        var item = await GetItemAsync(table, "USER#" + user.UserId.ToString("D"));
        Assert.Equal(
            ["createdAt", "email", "emailKey", "passwordHash", "pk", "status", "type", "userId", "username", "usernameKey"],
            item.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("user", item["type"].S);
        Assert.Equal(user.UserId.ToString("D"), item["userId"].S);
        Assert.Equal(user.Username, item["username"].S);
        Assert.Equal(user.UsernameKey, item["usernameKey"].S);
        Assert.Equal(user.Email, item["email"].S);
        Assert.Equal(user.EmailKey, item["emailKey"].S);
        Assert.Equal(user.PasswordHash, item["passwordHash"].S);
        Assert.Equal("2025-12-31T21:59:58.007Z", item["createdAt"].S);
        Assert.Equal("active", item["status"].S);
    }

    [Fact]
    public async Task Create_NewUser_UserIdIsHyphenatedLowercase()
    {
        var table = await dynamoDb.CreateUsersTableAsync(TestContext.Current.CancellationToken);
        var store = new DynamoDbUserStore(dynamoDb.Client, table);
        var user = TestUsers.Create();

        await CreateAsync(store, user);

        var item = await GetItemAsync(table, "USER#" + user.UserId.ToString("D"));
        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", item["userId"].S);
    }

    [Fact]
    public async Task Create_NewUser_CreatedAtParsesBackExactly()
    {
        var table = await dynamoDb.CreateUsersTableAsync(TestContext.Current.CancellationToken);
        var store = new DynamoDbUserStore(dynamoDb.Client, table);
        var user = TestUsers.Create();

        await CreateAsync(store, user);

        var item = await GetItemAsync(table, "USER#" + user.UserId.ToString("D"));
        var parsed = DateTimeOffset.ParseExact(
            item["createdAt"].S,
            "yyyy-MM-dd'T'HH:mm:ss.fff'Z'",
            CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal);
        Assert.Equal(user.CreatedAt, parsed);
    }

    [Fact]
    public async Task Create_NewUser_WritesUsernameGuard()
    {
        var table = await dynamoDb.CreateUsersTableAsync(TestContext.Current.CancellationToken);
        var store = new DynamoDbUserStore(dynamoDb.Client, table);
        var user = TestUsers.Create();

        await CreateAsync(store, user);

        var item = await GetItemAsync(table, "USERNAME#" + user.UsernameKey);
        Assert.Equal(["pk", "type", "userId"], item.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("username", item["type"].S);
        Assert.Equal(user.UserId.ToString("D"), item["userId"].S);
    }

    [Fact]
    public async Task Create_NewUser_WritesEmailGuard()
    {
        var table = await dynamoDb.CreateUsersTableAsync(TestContext.Current.CancellationToken);
        var store = new DynamoDbUserStore(dynamoDb.Client, table);
        var user = TestUsers.Create();

        await CreateAsync(store, user);

        var item = await GetItemAsync(table, "EMAIL#" + user.EmailKey);
        Assert.Equal(["pk", "type", "userId"], item.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("email", item["type"].S);
        Assert.Equal(user.UserId.ToString("D"), item["userId"].S);
    }

    [Fact]
    public async Task Create_SameUserTwice_SucceedsThroughRequestToken()
    {
        // A retry of a write whose first response was lost sends the same transaction again.
        var table = await dynamoDb.CreateUsersTableAsync(TestContext.Current.CancellationToken);
        var store = new DynamoDbUserStore(dynamoDb.Client, table);
        var user = TestUsers.Create();
        await CreateAsync(store, user);

        var outcome = await CreateAsync(store, user);

        Assert.IsType<StoreOutcome.Created>(outcome);
        var items = await dynamoDb.ScanAsync(table, TestContext.Current.CancellationToken);
        Assert.Equal(3, items.Count);
    }

    [Fact]
    public async Task Create_UserIdReusedWithOtherKeys_Throws()
    {
        var table = await dynamoDb.CreateUsersTableAsync(TestContext.Current.CancellationToken);
        var store = new DynamoDbUserStore(dynamoDb.Client, table);
        var first = TestUsers.Create();
        await CreateAsync(store, first);
        var reusedId = TestUsers.Create() with { UserId = first.UserId };

        var exception = await Assert.ThrowsAsync<UserStoreException>(() => CreateAsync(store, reusedId));

        // The request token is the user id, so DynamoDB receives a different request under a known token.
        Assert.IsType<IdempotentParameterMismatchException>(exception.InnerException);
        var items = await dynamoDb.ScanAsync(table, TestContext.Current.CancellationToken);
        Assert.Equal(3, items.Count);
    }

    [Fact]
    public async Task Create_UserItemExists_ThrowsWithCancellation()
    {
        var table = await dynamoDb.CreateUsersTableAsync(TestContext.Current.CancellationToken);
        var store = new DynamoDbUserStore(dynamoDb.Client, table);
        var user = TestUsers.Create();
        await dynamoDb.Client.PutItemAsync(
            table,
            new Dictionary<string, AttributeValue> { ["pk"] = new("USER#" + user.UserId.ToString("D")) },
            TestContext.Current.CancellationToken);

        var exception = await Assert.ThrowsAsync<UserStoreException>(() => CreateAsync(store, user));

        Assert.IsType<TransactionCanceledException>(exception.InnerException);
        var items = await dynamoDb.ScanAsync(table, TestContext.Current.CancellationToken);
        Assert.Single(items);
    }

    [Fact]
    public async Task Create_MissingTable_ThrowsWithDynamoDbError()
    {
        var store = new DynamoDbUserStore(dynamoDb.Client, TestUsers.UniqueName("missing-"));

        var exception = await Assert.ThrowsAsync<UserStoreException>(() => CreateAsync(store, TestUsers.Create()));

        Assert.IsType<ResourceNotFoundException>(exception.InnerException);
    }

    [Fact]
    public async Task FromEnvironment_UsersTable_WritesToThatTable()
    {
        var table = await dynamoDb.CreateUsersTableAsync(TestContext.Current.CancellationToken);
        var store = DynamoDbUserStore.FromEnvironment(dynamoDb.Client, name => name == "USERS_TABLE" ? table : null);

        var outcome = await CreateAsync(store, TestUsers.Create());

        Assert.IsType<StoreOutcome.Created>(outcome);
        var items = await dynamoDb.ScanAsync(table, TestContext.Current.CancellationToken);
        Assert.Equal(3, items.Count);
    }

    [Fact]
    public void FromEnvironment_NoUsersTable_Throws()
    {
        var exception = Assert.Throws<InvalidOperationException>(
            () => DynamoDbUserStore.FromEnvironment(dynamoDb.Client, _ => null));

        Assert.Contains("USERS_TABLE", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateTableIfAbsent_ExistingTable_ReturnsFalse()
    {
        var table = await dynamoDb.CreateUsersTableAsync(TestContext.Current.CancellationToken);

        var created = await UsersTable.CreateTableIfAbsentAsync(
            dynamoDb.Client,
            table,
            TestContext.Current.CancellationToken);

        Assert.False(created);
    }

    [Fact]
    public async Task CreateTableIfAbsent_NewTable_HasPartitionKeyOnly()
    {
        var table = TestUsers.UniqueName("layout-");

        var created = await UsersTable.CreateTableIfAbsentAsync(
            dynamoDb.Client,
            table,
            TestContext.Current.CancellationToken);

        Assert.True(created);
        var description = await dynamoDb.Client.DescribeTableAsync(table, TestContext.Current.CancellationToken);
        var key = Assert.Single(description.Table.KeySchema);
        Assert.Equal("pk", key.AttributeName);
        Assert.Equal("HASH", key.KeyType.Value);
        Assert.Equal("PAY_PER_REQUEST", description.Table.BillingModeSummary?.BillingMode?.Value);
    }

    private static Task<StoreOutcome> CreateAsync(DynamoDbUserStore store, NewUser user) =>
        store.CreateAsync(user, DateTimeOffset.UtcNow + Budget, TestContext.Current.CancellationToken);

    private async Task<Dictionary<string, AttributeValue>> GetItemAsync(string table, string key)
    {
        var response = await dynamoDb.Client.GetItemAsync(
            new GetItemRequest
            {
                TableName = table,
                Key = new() { ["pk"] = new AttributeValue(key) },
                ConsistentRead = true,
            },
            TestContext.Current.CancellationToken);
        Assert.True(response.IsItemSet, $"No item with pk '{key}' in table '{table}'.");
        return response.Item;
    }
}
