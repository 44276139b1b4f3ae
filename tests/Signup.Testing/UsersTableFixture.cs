using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace Signup.Testing;

/// <summary>
/// One users table for a test class, in the assembly's <see cref="DynamoDbLocalFixture"/>. Use it with
/// <c>IClassFixture&lt;UsersTableFixture&gt;</c>. Tests of one class run one after another and share the table,
/// so each test uses its own usernames and emails.
/// </summary>
public sealed class UsersTableFixture(DynamoDbLocalFixture dynamoDb) : IAsyncLifetime
{
    private string? _tableName;

    public DynamoDbLocalFixture DynamoDb { get; } = dynamoDb;

    public IAmazonDynamoDB Client => DynamoDb.Client;

    public string TableName => _tableName ?? throw new InvalidOperationException("The table has not been created yet.");

    public async ValueTask InitializeAsync() => _tableName = await DynamoDb.CreateUsersTableAsync().ConfigureAwait(false);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>Returns every item of the table.</summary>
    public Task<IReadOnlyList<Dictionary<string, AttributeValue>>> ScanAsync(CancellationToken cancellationToken = default) =>
        DynamoDb.ScanAsync(TableName, cancellationToken);
}
