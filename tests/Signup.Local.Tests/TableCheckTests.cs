using Amazon.DynamoDBv2.Model;
using Signup.Core;
using Signup.DynamoDb;
using Signup.Local.Storage;

namespace Signup.Local.Tests;

/// <summary>The check command against DynamoDB Local with a persisted data directory, as <c>./run</c> leaves it.</summary>
[Trait("Category", "Integration")]
public sealed class TableCheckTests : IAsyncLifetime
{
    private const string TableName = "UsersTable";

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "signup-check-" + Guid.NewGuid().ToString("N"));
    private DynamoDbLocal? _dynamoDb;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private DynamoDbLocal DynamoDb => _dynamoDb ?? throw new InvalidOperationException("Not initialized.");

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_dataDirectory);
        _dynamoDb = await StartDynamoDbAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_dynamoDb is not null)
        {
            await _dynamoDb.DisposeAsync();
        }

        Directory.Delete(_dataDirectory, recursive: true);
    }

    [Fact]
    public async Task Check_ConsistentTable_ExitsZero()
    {
        var (userId, _) = await SeedAsync(consistent: true);
        var (output, error) = (new StringWriter(), new StringWriter());

        var exitCode = await TableCheck.RunAsync(Options(DynamoDb.Port), output, error, Token);

        Assert.Equal(0, exitCode);
        Assert.Equal(["users table: 2 users, 8 items, no problems"], Lines(output));
        Assert.Empty(error.ToString());
        Assert.NotEqual(Guid.Empty, userId);
    }

    [Fact]
    public async Task Check_InconsistentTableOnPort_ExitsOneWithLines()
    {
        var (userId, orphanKey) = await SeedAsync(consistent: false);
        var (output, error) = (new StringWriter(), new StringWriter());

        var exitCode = await TableCheck.RunAsync(Options(DynamoDb.Port), output, error, Token);

        Assert.Equal(1, exitCode);
        Assert.Equal(ExpectedProblemLines(userId, orphanKey), Lines(output));
        Assert.Empty(error.ToString());
    }

    [Fact]
    public async Task Check_StoppedDataDirectory_StartsDynamoDbAndExitsOne()
    {
        var (userId, orphanKey) = await SeedAsync(consistent: false);
        await DynamoDb.DisposeAsync();
        _dynamoDb = null;
        var (output, error) = (new StringWriter(), new StringWriter());

        var exitCode = await TableCheck.RunAsync(Options(port: null), output, error, Token);

        Assert.Equal(1, exitCode);
        Assert.Equal(ExpectedProblemLines(userId, orphanKey), Lines(output));
        Assert.Empty(error.ToString());
    }

    [Fact]
    public async Task Check_DataDirectoryInUse_ExitsTwo()
    {
        await SeedAsync(consistent: true);
        var (output, error) = (new StringWriter(), new StringWriter());

        var exitCode = await TableCheck.RunAsync(Options(port: null), output, error, Token);

        Assert.Equal(2, exitCode);
        Assert.Empty(output.ToString());
        Assert.Contains("so a stack is probably running", error.ToString(), StringComparison.Ordinal);
        Assert.Contains($"--dynamodb-port {DynamoDb.Port}", error.ToString(), StringComparison.Ordinal);
        using var client = DynamoDb.CreateClient();
        var tables = await client.ListTablesAsync(Token);
        Assert.Contains(TableName, tables.TableNames);
    }

    [Fact]
    public async Task Check_NoTable_ExitsTwo()
    {
        var (output, error) = (new StringWriter(), new StringWriter());

        var exitCode = await TableCheck.RunAsync(Options(DynamoDb.Port), output, error, Token);

        Assert.Equal(2, exitCode);
        Assert.Empty(output.ToString());
        Assert.StartsWith("error: ", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_MissingDataDirectory_ExitsTwo()
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var options = Options(port: null) with { DataDirectory = Path.Combine(_dataDirectory, "absent") };

        var exitCode = await TableCheck.RunAsync(options, output, error, Token);

        Assert.Equal(2, exitCode);
        Assert.Contains("There is no data directory", error.ToString(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(options.DataDirectory));
    }

    private static string[] ExpectedProblemLines(Guid userId, string orphanKey) =>
    [
        $"{UsersTable.IdempotencyKey(orphanKey)}: idempotency record without its user",
        $"USER#{userId:D}: the email guard item is missing",
        "users table: 2 users, 8 items, 2 problems",
    ];

    // Writes two users with idempotency records; the inconsistent variant drops one email guard and adds a record
    // whose user does not exist.
    private async Task<(Guid UserId, string OrphanKey)> SeedAsync(bool consistent)
    {
        using var client = DynamoDb.CreateClient();
        await UsersTable.CreateTableIfAbsentAsync(client, TableName, Token);
        var store = new DynamoDbUserStore(client, TableName);
        var users = new[] { NewUser("ann.check"), NewUser("bob.check") };
        foreach (var user in users)
        {
            var record = new IdempotencyRecord(
                Idempotency.HashKey(user.Username),
                user.UserId,
                Idempotency.Fingerprint(user.Username, user.Email),
                user.CreatedAt,
                user.CreatedAt + Idempotency.Lifetime);
            Assert.IsType<StoreOutcome.Created>(await store.CreateAsync(user, record, DateTimeOffset.UtcNow.AddSeconds(10), Token));
        }

        var orphanKey = Idempotency.HashKey("orphan");
        if (!consistent)
        {
            await client.DeleteItemAsync(
                new DeleteItemRequest
                {
                    TableName = TableName,
                    Key = new() { [UsersTable.PartitionKey] = new AttributeValue(UsersTable.EmailGuardKey(users[0].EmailKey)) },
                },
                Token);
            await client.PutItemAsync(
                new PutItemRequest
                {
                    TableName = TableName,
                    Item = new()
                    {
                        [UsersTable.PartitionKey] = new AttributeValue(UsersTable.IdempotencyKey(orphanKey)),
                        [UsersTable.TypeAttribute] = new AttributeValue(UsersTable.IdempotencyType),
                        [UsersTable.UserIdAttribute] = new AttributeValue(Guid.CreateVersion7().ToString("D")),
                        [UsersTable.ExpiresAtAttribute] = new AttributeValue { N = "1900000000" },
                    },
                },
                Token);
        }

        return (users[0].UserId, orphanKey);
    }

    private static NewUser NewUser(string username) => new(
        Guid.CreateVersion7(),
        username,
        username,
        username + "@example.com",
        username + "@example.com",
        "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaA",
        new DateTimeOffset(2026, 1, 2, 3, 4, 5, 6, TimeSpan.Zero));

    private TableCheckOptions Options(int? port) => new()
    {
        DynamoDbPort = port,
        DataDirectory = _dataDirectory,
        RepositoryRoot = TestPaths.RepositoryRoot,
        TemplatePath = TestPaths.Template,
    };

    private async Task<DynamoDbLocal> StartDynamoDbAsync() =>
        await DynamoDbLocal.StartAsync(
            new DynamoDbLocalOptions { DataDirectory = _dataDirectory, RepositoryRoot = TestPaths.RepositoryRoot },
            Token);

    private static string[] Lines(StringWriter writer) =>
        writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
