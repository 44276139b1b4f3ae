using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace Signup.DynamoDb;

/// <summary>
/// Layout of the users table: one string partition key <c>pk</c>, no sort key, and four kinds of item, distinguished
/// by the <c>type</c> attribute and the key prefix.
/// </summary>
public static class UsersTable
{
    /// <summary>Environment variable that names the table.</summary>
    public const string TableNameVariable = "USERS_TABLE";

    public const string PartitionKey = "pk";
    public const string TypeAttribute = "type";
    public const string UserIdAttribute = "userId";
    public const string UsernameAttribute = "username";
    public const string UsernameKeyAttribute = "usernameKey";
    public const string EmailAttribute = "email";
    public const string EmailKeyAttribute = "emailKey";
    public const string PasswordHashAttribute = "passwordHash";
    public const string CreatedAtAttribute = "createdAt";
    public const string StatusAttribute = "status";
    public const string FingerprintAttribute = "fingerprint";

    /// <summary>Expiry time in epoch seconds, which the table's time to live setting reads.</summary>
    public const string ExpiresAtAttribute = "expiresAt";

    public const string UserPrefix = "USER#";
    public const string UsernamePrefix = "USERNAME#";
    public const string EmailPrefix = "EMAIL#";
    public const string IdempotencyPrefix = "IDEMPOTENCY#";

    public const string UserType = "user";
    public const string UsernameType = "username";
    public const string EmailType = "email";
    public const string IdempotencyType = "idempotency";

    public const string ActiveStatus = "active";

    /// <summary>Format of <c>createdAt</c>: ISO 8601 in UTC with milliseconds, so stored values sort by time.</summary>
    public const string CreatedAtFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    /// <summary>Returns the partition key of the user item, <c>USER#</c> and the id in the hyphenated "D" format.</summary>
    public static string UserKey(Guid userId) =>
        UserPrefix + userId.ToString("D", CultureInfo.InvariantCulture);

    /// <summary>Returns the partition key of the guard item that claims a username key.</summary>
    public static string UsernameGuardKey(string usernameKey) => UsernamePrefix + usernameKey;

    /// <summary>Returns the partition key of the guard item that claims an email key.</summary>
    public static string EmailGuardKey(string emailKey) => EmailPrefix + emailKey;

    /// <summary>Returns the partition key of the idempotency record for a key hash (base64url SHA-256).</summary>
    public static string IdempotencyKey(string keyHash) => IdempotencyPrefix + keyHash;

    /// <summary>Formats a time as stored in <c>expiresAt</c>: whole seconds since the Unix epoch.</summary>
    public static string FormatEpochSeconds(DateTimeOffset time) =>
        time.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    /// <summary>Formats a creation time as stored in <c>createdAt</c>, converted to UTC.</summary>
    public static string FormatCreatedAt(DateTimeOffset createdAt) =>
        createdAt.UtcDateTime.ToString(CreatedAtFormat, CultureInfo.InvariantCulture);

    /// <summary>
    /// Creates the table with on-demand billing unless a table of that name exists, then waits until it is active.
    /// </summary>
    /// <returns>True when this call created the table.</returns>
    public static async Task<bool> CreateTableIfAbsentAsync(
        IAmazonDynamoDB client,
        string tableName,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrWhiteSpace(tableName);

        var created = false;
        try
        {
            await client.CreateTableAsync(
                new CreateTableRequest
                {
                    TableName = tableName,
                    BillingMode = BillingMode.PAY_PER_REQUEST,
                    AttributeDefinitions = [new AttributeDefinition(PartitionKey, ScalarAttributeType.S)],
                    KeySchema = [new KeySchemaElement(PartitionKey, KeyType.HASH)],
                },
                cancellationToken).ConfigureAwait(false);
            created = true;
        }
        catch (ResourceInUseException)
        {
            // Another process created it first, or it exists from an earlier run: either way it is there.
        }

        await WaitUntilActiveAsync(client, tableName, cancellationToken).ConfigureAwait(false);
        return created;
    }

    private static async Task WaitUntilActiveAsync(
        IAmazonDynamoDB client,
        string tableName,
        CancellationToken cancellationToken)
    {
        // DynamoDB Local creates tables synchronously; on AWS a new table spends a few seconds in CREATING.
        while (true)
        {
            var response = await client.DescribeTableAsync(tableName, cancellationToken).ConfigureAwait(false);
            if (response.Table.TableStatus == TableStatus.ACTIVE)
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken).ConfigureAwait(false);
        }
    }
}
