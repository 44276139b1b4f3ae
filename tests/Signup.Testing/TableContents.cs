using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace Signup.Testing;

/// <summary>Reads whole tables, so tests can assert on everything that was stored and not only on what they expect.</summary>
public static class TableContents
{
    /// <summary>
    /// Returns every item of the table, following pagination, with strongly consistent reads.
    /// </summary>
    public static async Task<IReadOnlyList<Dictionary<string, AttributeValue>>> ScanAllAsync(
        IAmazonDynamoDB client,
        string tableName,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);

        var items = new List<Dictionary<string, AttributeValue>>();
        Dictionary<string, AttributeValue>? startKey = null;
        do
        {
            var response = await client.ScanAsync(
                new ScanRequest { TableName = tableName, ConsistentRead = true, ExclusiveStartKey = startKey },
                cancellationToken).ConfigureAwait(false);

            // The SDK leaves collections null when the response has none.
            items.AddRange(response.Items ?? []);
            startKey = response.LastEvaluatedKey is { Count: > 0 } lastKey ? lastKey : null;
        }
        while (startKey is not null);

        return items;
    }
}
