using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Signup.DynamoDb;

namespace Signup.Testing;

/// <summary>Reads whole tables, so tests can assert on everything that was stored and not only on what they expect.</summary>
public static class TableContents
{
    /// <summary>
    /// Returns every item of the table, following pagination, with strongly consistent reads.
    /// </summary>
    public static Task<IReadOnlyList<Dictionary<string, AttributeValue>>> ScanAllAsync(
        IAmazonDynamoDB client,
        string tableName,
        CancellationToken cancellationToken = default)
        => TableConsistencyChecker.ScanAllAsync(client, tableName, cancellationToken);
}
