using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Signup.Core;

namespace Signup.DynamoDb;

/// <summary>
/// Scans a users table and reports every break of its invariants. Each user item must have both guard items, and
/// each guard item must point at an existing user that has the key the guard is named by. Each stored key must be
/// the one the registration rules compute from the stored username and email. Each idempotency record must name an
/// existing user, because it is written in the same transaction, and carry the numeric <c>expiresAt</c> that the
/// table's time to live reads. An empty report means the table is consistent.
/// </summary>
public static class TableConsistencyChecker
{
    /// <summary>Returns one line per problem found, in a stable order; empty when the table is consistent.</summary>
    public static async Task<IReadOnlyList<string>> CheckAsync(
        IAmazonDynamoDB client,
        string tableName,
        CancellationToken cancellationToken = default)
    {
        var items = await ScanAllAsync(client, tableName, cancellationToken).ConfigureAwait(false);
        return Check(items);
    }

    /// <summary>Returns every item of the table, following pagination, with strongly consistent reads.</summary>
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

    /// <summary>Checks items already read; see <see cref="CheckAsync"/>.</summary>
    public static IReadOnlyList<string> Check(IEnumerable<Dictionary<string, AttributeValue>> items)
    {
        var byKey = new Dictionary<string, Dictionary<string, AttributeValue>>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            byKey[Text(item, UsersTable.PartitionKey) ?? ""] = item;
        }

        var problems = new List<string>();
        foreach (var (key, item) in byKey)
        {
            if (key.StartsWith(UsersTable.UserPrefix, StringComparison.Ordinal))
            {
                CheckUser(key, item, byKey, problems);
            }
            else if (key.StartsWith(UsersTable.UsernamePrefix, StringComparison.Ordinal))
            {
                CheckGuard(key, item, UsersTable.UsernamePrefix, UsersTable.UsernameKeyAttribute, byKey, problems);
            }
            else if (key.StartsWith(UsersTable.EmailPrefix, StringComparison.Ordinal))
            {
                CheckGuard(key, item, UsersTable.EmailPrefix, UsersTable.EmailKeyAttribute, byKey, problems);
            }
            else if (key.StartsWith(UsersTable.IdempotencyPrefix, StringComparison.Ordinal))
            {
                CheckIdempotencyRecord(key, item, byKey, problems);
            }
            else
            {
                problems.Add($"{key}: unknown item kind");
            }
        }

        problems.Sort(StringComparer.Ordinal);
        return problems;
    }

    private static void CheckUser(
        string key,
        Dictionary<string, AttributeValue> user,
        Dictionary<string, Dictionary<string, AttributeValue>> byKey,
        List<string> problems)
    {
        var userId = Text(user, UsersTable.UserIdAttribute);
        if (userId is null || !string.Equals(UsersTable.UserPrefix + userId, key, StringComparison.Ordinal))
        {
            problems.Add($"{key}: userId does not match the item's key");
        }

        var username = Text(user, UsersTable.UsernameAttribute);
        var usernameKey = Text(user, UsersTable.UsernameKeyAttribute);
        if (username is null || usernameKey is null)
        {
            problems.Add($"{key}: username or usernameKey is missing");
        }
        else
        {
            if (!string.Equals(KeyNormalizer.UsernameKey(username), usernameKey, StringComparison.Ordinal))
            {
                problems.Add($"{key}: usernameKey is not the key of the stored username");
            }

            CheckGuardOf(key, userId, UsersTable.UsernameGuardKey(usernameKey), "username", byKey, problems);
        }

        var email = Text(user, UsersTable.EmailAttribute);
        var emailKey = Text(user, UsersTable.EmailKeyAttribute);
        if (email is null || emailKey is null)
        {
            problems.Add($"{key}: email or emailKey is missing");
        }
        else
        {
            var computed = EmailRules.Validate(email, new List<FieldError>())?.Key;
            if (!string.Equals(computed, emailKey, StringComparison.Ordinal))
            {
                problems.Add($"{key}: emailKey is not the key of the stored email");
            }

            CheckGuardOf(key, userId, UsersTable.EmailGuardKey(emailKey), "email", byKey, problems);
        }
    }

    private static void CheckGuardOf(
        string userKey,
        string? userId,
        string guardKey,
        string kind,
        Dictionary<string, Dictionary<string, AttributeValue>> byKey,
        List<string> problems)
    {
        if (!byKey.TryGetValue(guardKey, out var guard))
        {
            problems.Add($"{userKey}: the {kind} guard item is missing");
        }
        else if (!string.Equals(Text(guard, UsersTable.UserIdAttribute), userId, StringComparison.Ordinal))
        {
            problems.Add($"{userKey}: the {kind} guard item points at another user");
        }
    }

    private static void CheckGuard(
        string key,
        Dictionary<string, AttributeValue> guard,
        string prefix,
        string keyAttribute,
        Dictionary<string, Dictionary<string, AttributeValue>> byKey,
        List<string> problems)
    {
        var userId = Text(guard, UsersTable.UserIdAttribute);
        if (userId is null || !byKey.TryGetValue(UsersTable.UserPrefix + userId, out var user))
        {
            problems.Add($"{key}: guard item without its user");
            return;
        }

        var expected = prefix + Text(user, keyAttribute);
        if (!string.Equals(expected, key, StringComparison.Ordinal))
        {
            problems.Add(string.Create(
                CultureInfo.InvariantCulture, $"{key}: guard item names a key its user {userId} does not have"));
        }
    }

    private static void CheckIdempotencyRecord(
        string key,
        Dictionary<string, AttributeValue> record,
        Dictionary<string, Dictionary<string, AttributeValue>> byKey,
        List<string> problems)
    {
        var userId = Text(record, UsersTable.UserIdAttribute);
        if (userId is null || !byKey.ContainsKey(UsersTable.UserPrefix + userId))
        {
            problems.Add($"{key}: idempotency record without its user");
        }

        var expiresAt = record.TryGetValue(UsersTable.ExpiresAtAttribute, out var value) ? value.N : null;
        if (!long.TryParse(expiresAt, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
        {
            problems.Add($"{key}: idempotency record without a numeric expiresAt");
        }
    }

    private static string? Text(Dictionary<string, AttributeValue> item, string attribute) =>
        item.TryGetValue(attribute, out var value) ? value.S : null;
}
