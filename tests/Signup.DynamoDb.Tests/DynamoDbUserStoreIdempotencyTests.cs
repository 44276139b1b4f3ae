using Amazon.DynamoDBv2.Model;
using Signup.Core;
using Signup.Testing;

namespace Signup.DynamoDb.Tests;

/// <summary>The idempotency record: written in the user's transaction, read back, and replaced once expired.</summary>
[Trait("Category", "Integration")]
public sealed class DynamoDbUserStoreIdempotencyTests(DynamoDbLocalFixture dynamoDb)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static DateTimeOffset Deadline => DateTimeOffset.UtcNow.AddSeconds(5);

    [Fact]
    public async Task Create_WithRecord_WritesFourItemsInOneTransaction()
    {
        var (table, store) = await CreateStoreAsync();
        var user = TestUsers.Create();
        var record = RecordFor(user, "key-four-items");

        var outcome = await store.CreateAsync(user, record, Deadline, Token);

        Assert.IsType<StoreOutcome.Created>(outcome);
        var items = await dynamoDb.ScanAsync(table, Token);
        Assert.Equal(4, items.Count);
        Assert.Contains(items, item => item[UsersTable.PartitionKey].S == UsersTable.UserKey(user.UserId));
        Assert.Contains(items, item => item[UsersTable.PartitionKey].S == UsersTable.IdempotencyKey(record.KeyHash));
        Assert.Empty(await TableConsistencyChecker.CheckAsync(dynamoDb.Client, table, Token));
    }

    [Fact]
    public async Task Create_WithRecord_WritesRecordAttributes()
    {
        var (table, store) = await CreateStoreAsync();
        var user = TestUsers.Create();
        var record = RecordFor(user, "key-attributes");

        await store.CreateAsync(user, record, Deadline, Token);

        var item = Assert.Single(
            await dynamoDb.ScanAsync(table, Token),
            item => item[UsersTable.PartitionKey].S.StartsWith(UsersTable.IdempotencyPrefix, StringComparison.Ordinal));
        Assert.Equal(
            ["createdAt", "expiresAt", "fingerprint", "pk", "type", "userId"],
            item.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("IDEMPOTENCY#" + Idempotency.HashKey("key-attributes"), item["pk"].S);
        Assert.Equal("idempotency", item["type"].S);
        Assert.Equal(user.UserId.ToString("D"), item["userId"].S);
        Assert.Equal(record.Fingerprint, item["fingerprint"].S);
        Assert.Equal(UsersTable.FormatCreatedAt(record.CreatedAt), item["createdAt"].S);
        Assert.Equal(record.ExpiresAt.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), item["expiresAt"].N);
        Assert.DoesNotContain("key-attributes", item["pk"].S, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_LiveRecordForKey_ReturnsKeyTakenAndWritesNothing()
    {
        var (table, store) = await CreateStoreAsync();
        var first = TestUsers.Create();
        await store.CreateAsync(first, RecordFor(first, "key-live"), Deadline, Token);
        var second = TestUsers.Create();

        var outcome = await store.CreateAsync(second, RecordFor(second, "key-live"), Deadline, Token);

        Assert.IsType<StoreOutcome.IdempotencyKeyTaken>(outcome);
        var items = await dynamoDb.ScanAsync(table, Token);
        Assert.Equal(4, items.Count);
        Assert.All(items, item => Assert.Equal(first.UserId.ToString("D"), item[UsersTable.UserIdAttribute].S));
        Assert.Empty(await TableConsistencyChecker.CheckAsync(dynamoDb.Client, table, Token));
    }

    [Fact]
    public async Task Create_LiveRecordAndTakenKeys_KeyTakenComesFirst()
    {
        var (table, store) = await CreateStoreAsync();
        var first = TestUsers.Create();
        await store.CreateAsync(first, RecordFor(first, "key-same-user"), Deadline, Token);
        var again = first with { UserId = Guid.CreateVersion7() };

        var outcome = await store.CreateAsync(again, RecordFor(again, "key-same-user"), Deadline, Token);

        Assert.IsType<StoreOutcome.IdempotencyKeyTaken>(outcome);
        Assert.Equal(4, (await dynamoDb.ScanAsync(table, Token)).Count);
    }

    [Fact]
    public async Task Create_OtherKeyAndTakenUsername_ReturnsConflict()
    {
        var (table, store) = await CreateStoreAsync();
        var first = TestUsers.Create();
        await store.CreateAsync(first, RecordFor(first, "key-a"), Deadline, Token);
        var second = TestUsers.Create(username: first.Username);

        var outcome = await store.CreateAsync(second, RecordFor(second, "key-b"), Deadline, Token);

        var conflict = Assert.IsType<StoreOutcome.Conflict>(outcome);
        Assert.Equal([FieldNames.Username], conflict.Fields);
        var items = await dynamoDb.ScanAsync(table, Token);
        Assert.Equal(4, items.Count);
        Assert.DoesNotContain(items, item => item[UsersTable.PartitionKey].S == UsersTable.IdempotencyKey(Idempotency.HashKey("key-b")));
    }

    [Fact]
    public async Task Create_ExpiredRecordForKey_IsOverwritten()
    {
        var (table, store) = await CreateStoreAsync();
        var first = TestUsers.Create();
        var expired = RecordFor(first, "key-expired") with { ExpiresAt = DateTimeOffset.UtcNow.AddMinutes(-1) };
        await store.CreateAsync(first, expired, Deadline, Token);
        var second = TestUsers.Create();

        var outcome = await store.CreateAsync(second, RecordFor(second, "key-expired"), Deadline, Token);

        Assert.IsType<StoreOutcome.Created>(outcome);
        var items = await dynamoDb.ScanAsync(table, Token);
        Assert.Equal(7, items.Count);
        var record = Assert.Single(items, item => item[UsersTable.PartitionKey].S == UsersTable.IdempotencyKey(expired.KeyHash));
        Assert.Equal(second.UserId.ToString("D"), record[UsersTable.UserIdAttribute].S);
        Assert.Empty(await TableConsistencyChecker.CheckAsync(dynamoDb.Client, table, Token));
    }

    [Fact]
    public async Task FindRecord_LiveRecord_ReturnsIt()
    {
        var (_, store) = await CreateStoreAsync();
        var user = TestUsers.Create();
        var record = RecordFor(user, "key-find");
        await store.CreateAsync(user, record, Deadline, Token);

        var lookup = await store.FindIdempotencyRecordAsync(record.KeyHash, Deadline, Token);

        var found = Assert.IsType<LookupOutcome<IdempotencyRecord>.Found>(lookup);
        Assert.Equal(record with { ExpiresAt = DateTimeOffset.FromUnixTimeSeconds(record.ExpiresAt.ToUnixTimeSeconds()) }, found.Value);
    }

    [Fact]
    public async Task FindRecord_ExpiredRecord_IsNotFound()
    {
        var (table, store) = await CreateStoreAsync();
        var user = TestUsers.Create();
        var record = RecordFor(user, "key-find-expired") with { ExpiresAt = DateTimeOffset.UtcNow.AddSeconds(-5) };
        await store.CreateAsync(user, record, Deadline, Token);

        var lookup = await store.FindIdempotencyRecordAsync(record.KeyHash, Deadline, Token);

        Assert.IsType<LookupOutcome<IdempotencyRecord>.NotFound>(lookup);
        Assert.Equal(4, (await dynamoDb.ScanAsync(table, Token)).Count);
    }

    [Fact]
    public async Task FindRecord_NoRecord_IsNotFound()
    {
        var (_, store) = await CreateStoreAsync();

        var lookup = await store.FindIdempotencyRecordAsync(Idempotency.HashKey("never-used"), Deadline, Token);

        Assert.IsType<LookupOutcome<IdempotencyRecord>.NotFound>(lookup);
    }

    [Fact]
    public async Task FindRecord_MalformedRecord_Throws()
    {
        var (table, store) = await CreateStoreAsync();
        var keyHash = Idempotency.HashKey("key-malformed");
        await dynamoDb.Client.PutItemAsync(
            new PutItemRequest
            {
                TableName = table,
                Item = new()
                {
                    [UsersTable.PartitionKey] = new AttributeValue { S = UsersTable.IdempotencyKey(keyHash) },
                    [UsersTable.TypeAttribute] = new AttributeValue { S = UsersTable.IdempotencyType },
                    [UsersTable.UserIdAttribute] = new AttributeValue { S = "not-a-uuid" },
                },
            },
            Token);

        var exception = await Assert.ThrowsAsync<UserStoreException>(
            () => store.FindIdempotencyRecordAsync(keyHash, Deadline, Token));

        Assert.Contains("userId", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FindUser_StoredUser_ReturnsFields()
    {
        var (_, store) = await CreateStoreAsync();
        var user = TestUsers.Create();
        await store.CreateAsync(user, Deadline, Token);

        var lookup = await store.FindUserAsync(user.UserId, Deadline, Token);

        var found = Assert.IsType<LookupOutcome<StoredUser>.Found>(lookup);
        Assert.Equal(new StoredUser(user.UserId, user.Username, user.Email, user.PasswordHash, user.CreatedAt), found.Value);
    }

    [Fact]
    public async Task FindUser_UnknownId_IsNotFound()
    {
        var (_, store) = await CreateStoreAsync();

        var lookup = await store.FindUserAsync(Guid.CreateVersion7(), Deadline, Token);

        Assert.IsType<LookupOutcome<StoredUser>.NotFound>(lookup);
    }

    private async Task<(string Table, DynamoDbUserStore Store)> CreateStoreAsync()
    {
        var table = await dynamoDb.CreateUsersTableAsync(Token);
        return (table, new DynamoDbUserStore(dynamoDb.Client, table));
    }

    private static IdempotencyRecord RecordFor(NewUser user, string key) => new(
        Idempotency.HashKey(key),
        user.UserId,
        Idempotency.Fingerprint(user.Username, user.Email),
        user.CreatedAt,
        DateTimeOffset.UtcNow + Idempotency.Lifetime);
}
