using Amazon.DynamoDBv2.Model;
using Signup.Testing;

namespace Signup.DynamoDb.Tests;

[Trait("Category", "Integration")]
public sealed class TableConsistencyCheckerTests(DynamoDbLocalFixture dynamoDb)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Check_UsersWrittenByStore_ReportsNothing()
    {
        var table = await dynamoDb.CreateUsersTableAsync(Token);
        var store = new DynamoDbUserStore(dynamoDb.Client, table);
        await store.CreateAsync(TestUsers.Create(), DateTimeOffset.UtcNow.AddSeconds(10), Token);
        await store.CreateAsync(TestUsers.Create(), DateTimeOffset.UtcNow.AddSeconds(10), Token);

        var problems = await TableConsistencyChecker.CheckAsync(dynamoDb.Client, table, Token);

        Assert.Empty(problems);
    }

    [Fact]
    public async Task Check_MissingGuard_IsReported()
    {
        var (table, user) = await CreateOneUserAsync();
        await DeleteAsync(table, UsersTable.EmailGuardKey(user.EmailKey));

        var problems = await TableConsistencyChecker.CheckAsync(dynamoDb.Client, table, Token);

        var problem = Assert.Single(problems);
        Assert.Contains("email guard item is missing", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_GuardWithoutUser_IsReported()
    {
        var (table, user) = await CreateOneUserAsync();
        await DeleteAsync(table, UsersTable.UserKey(user.UserId));

        var problems = await TableConsistencyChecker.CheckAsync(dynamoDb.Client, table, Token);

        Assert.Equal(2, problems.Count);
        Assert.All(problems, problem => Assert.Contains("guard item without its user", problem, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Check_KeyNotMatchingUsername_IsReported()
    {
        var (table, user) = await CreateOneUserAsync();
        await dynamoDb.Client.UpdateItemAsync(
            new UpdateItemRequest
            {
                TableName = table,
                Key = new() { [UsersTable.PartitionKey] = new AttributeValue { S = UsersTable.UserKey(user.UserId) } },
                UpdateExpression = "SET #name = :name",
                ExpressionAttributeNames = new() { ["#name"] = UsersTable.UsernameAttribute },
                ExpressionAttributeValues = new() { [":name"] = new AttributeValue { S = "Someone.Else" } },
            },
            Token);

        var problems = await TableConsistencyChecker.CheckAsync(dynamoDb.Client, table, Token);

        var problem = Assert.Single(problems);
        Assert.Contains("usernameKey is not the key of the stored username", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_GuardPointingAtOtherUser_IsReported()
    {
        var (table, user) = await CreateOneUserAsync();
        await dynamoDb.Client.PutItemAsync(
            new PutItemRequest
            {
                TableName = table,
                Item = new()
                {
                    [UsersTable.PartitionKey] = new AttributeValue { S = UsersTable.UsernameGuardKey(user.UsernameKey) },
                    [UsersTable.UserIdAttribute] = new AttributeValue { S = Guid.CreateVersion7().ToString("D") },
                    [UsersTable.TypeAttribute] = new AttributeValue { S = UsersTable.UsernameType },
                },
            },
            Token);

        var problems = await TableConsistencyChecker.CheckAsync(dynamoDb.Client, table, Token);

        Assert.Equal(2, problems.Count);
        Assert.Contains(problems, problem => problem.Contains("username guard item points at another user", StringComparison.Ordinal));
        Assert.Contains(problems, problem => problem.Contains("guard item without its user", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Check_RecordsWrittenByStore_ReportNothing()
    {
        var table = await dynamoDb.CreateUsersTableAsync(Token);
        var user = TestUsers.Create();
        await new DynamoDbUserStore(dynamoDb.Client, table).CreateAsync(user, RecordFor(user), DateTimeOffset.UtcNow.AddSeconds(10), Token);

        var problems = await TableConsistencyChecker.CheckAsync(dynamoDb.Client, table, Token);

        Assert.Empty(problems);
        Assert.Equal(4, (await dynamoDb.ScanAsync(table, Token)).Count);
    }

    [Fact]
    public async Task Check_RecordWithoutUser_IsReported()
    {
        var (table, _) = await CreateOneUserAsync();
        await PutRecordAsync(table, "IDEMPOTENCY#orphan", Guid.CreateVersion7().ToString("D"), expiresAt: "1900000000");

        var problems = await TableConsistencyChecker.CheckAsync(dynamoDb.Client, table, Token);

        Assert.Equal(["IDEMPOTENCY#orphan: idempotency record without its user"], problems);
    }

    [Fact]
    public async Task Check_RecordWithoutExpiresAt_IsReported()
    {
        var (table, user) = await CreateOneUserAsync();
        await PutRecordAsync(table, "IDEMPOTENCY#no-expiry", user.UserId.ToString("D"), expiresAt: null);

        var problems = await TableConsistencyChecker.CheckAsync(dynamoDb.Client, table, Token);

        Assert.Equal(["IDEMPOTENCY#no-expiry: idempotency record without a numeric expiresAt"], problems);
    }

    private Task PutRecordAsync(string table, string key, string userId, string? expiresAt)
    {
        var item = new Dictionary<string, AttributeValue>
        {
            [UsersTable.PartitionKey] = new AttributeValue { S = key },
            [UsersTable.TypeAttribute] = new AttributeValue { S = UsersTable.IdempotencyType },
            [UsersTable.UserIdAttribute] = new AttributeValue { S = userId },
        };
        if (expiresAt is not null)
        {
            item[UsersTable.ExpiresAtAttribute] = new AttributeValue { N = expiresAt };
        }

        return dynamoDb.Client.PutItemAsync(new PutItemRequest { TableName = table, Item = item }, Token);
    }

    private static Signup.Core.IdempotencyRecord RecordFor(Signup.Core.NewUser user) => new(
        Signup.Core.Idempotency.HashKey(Guid.NewGuid().ToString()),
        user.UserId,
        Signup.Core.Idempotency.Fingerprint(user.Username, user.Email),
        user.CreatedAt,
        DateTimeOffset.UtcNow.AddHours(24));

    private async Task<(string Table, Signup.Core.NewUser User)> CreateOneUserAsync()
    {
        var table = await dynamoDb.CreateUsersTableAsync(Token);
        var user = TestUsers.Create();
        await new DynamoDbUserStore(dynamoDb.Client, table).CreateAsync(user, DateTimeOffset.UtcNow.AddSeconds(10), Token);
        Assert.Empty(await TableConsistencyChecker.CheckAsync(dynamoDb.Client, table, Token));
        return (table, user);
    }

    private Task DeleteAsync(string table, string key) =>
        dynamoDb.Client.DeleteItemAsync(
            new DeleteItemRequest
            {
                TableName = table,
                Key = new() { [UsersTable.PartitionKey] = new AttributeValue { S = key } },
            },
            Token);
}
