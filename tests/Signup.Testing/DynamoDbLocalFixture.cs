using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Signup.DynamoDb;
using Signup.Local.Storage;

namespace Signup.Testing;

/// <summary>
/// Runs one DynamoDB Local for a test assembly. Register it with
/// <c>[assembly: AssemblyFixture(typeof(DynamoDbLocalFixture))]</c> and take it as a constructor parameter.
/// Tests that must not see each other's data create their own tables with <see cref="CreateUsersTableAsync"/>,
/// or share one per class through <see cref="UsersTableFixture"/>.
/// </summary>
public sealed class DynamoDbLocalFixture : IAsyncLifetime
{
    private static int _tableCounter;

    private DynamoDbLocal? _server;
    private AmazonDynamoDBClient? _client;

    /// <summary>The running instance.</summary>
    public DynamoDbLocal Server => _server ?? throw NotStarted();

    /// <summary>A client for <see cref="Server"/>, shared by the tests and disposed with the fixture.</summary>
    public IAmazonDynamoDB Client => _client ?? throw NotStarted();

    public async ValueTask InitializeAsync()
    {
        _server = await DynamoDbLocal.StartAsync().ConfigureAwait(false);
        _client = _server.CreateClient();
    }

    public async ValueTask DisposeAsync()
    {
        _client?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Creates an empty users table with a name no other test uses and returns the name.</summary>
    public async Task<string> CreateUsersTableAsync(CancellationToken cancellationToken = default)
    {
        var number = Interlocked.Increment(ref _tableCounter);
        var tableName = string.Create(
            CultureInfo.InvariantCulture,
            $"users-{number}-{Guid.NewGuid().ToString("N", CultureInfo.InvariantCulture)[..8]}");
        await UsersTable.CreateTableIfAbsentAsync(Client, tableName, cancellationToken).ConfigureAwait(false);
        return tableName;
    }

    /// <summary>Returns every item of the table.</summary>
    public Task<IReadOnlyList<Dictionary<string, AttributeValue>>> ScanAsync(
        string tableName,
        CancellationToken cancellationToken = default) =>
        TableContents.ScanAllAsync(Client, tableName, cancellationToken);

    private static InvalidOperationException NotStarted() =>
        new("DynamoDB Local is not running: the fixture was not initialized or is already disposed.");
}
