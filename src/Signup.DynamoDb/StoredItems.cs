using System.Globalization;
using Amazon.DynamoDBv2.Model;
using Signup.Core;

namespace Signup.DynamoDb;

/// <summary>Reads user items and idempotency records back into Core's types, rejecting malformed items.</summary>
internal static class StoredItems
{
    /// <exception cref="UserStoreException">An attribute is missing or malformed.</exception>
    public static IdempotencyRecord ReadIdempotencyRecord(
        Dictionary<string, AttributeValue> item,
        string keyHash,
        string tableName)
    {
        var key = UsersTable.IdempotencyKey(keyHash);
        var userId = Guid.TryParseExact(Text(item, UsersTable.UserIdAttribute), "D", out var id)
            ? id
            : throw Malformed(key, UsersTable.UserIdAttribute, tableName);
        var fingerprint = Text(item, UsersTable.FingerprintAttribute) ?? throw Malformed(key, UsersTable.FingerprintAttribute, tableName);
        var createdAt = ReadCreatedAt(item, key, tableName);
        var expiresAt = long.TryParse(Number(item, UsersTable.ExpiresAtAttribute), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : throw Malformed(key, UsersTable.ExpiresAtAttribute, tableName);
        return new IdempotencyRecord(keyHash, userId, fingerprint, createdAt, expiresAt);
    }

    /// <exception cref="UserStoreException">An attribute is missing or malformed.</exception>
    public static StoredUser ReadUser(Dictionary<string, AttributeValue> item, Guid userId, string tableName)
    {
        var key = UsersTable.UserKey(userId);
        return new StoredUser(
            userId,
            Text(item, UsersTable.UsernameAttribute) ?? throw Malformed(key, UsersTable.UsernameAttribute, tableName),
            Text(item, UsersTable.EmailAttribute) ?? throw Malformed(key, UsersTable.EmailAttribute, tableName),
            Text(item, UsersTable.PasswordHashAttribute) ?? throw Malformed(key, UsersTable.PasswordHashAttribute, tableName),
            ReadCreatedAt(item, key, tableName));
    }

    private static DateTimeOffset ReadCreatedAt(Dictionary<string, AttributeValue> item, string key, string tableName) =>
        DateTimeOffset.TryParseExact(
            Text(item, UsersTable.CreatedAtAttribute),
            UsersTable.CreatedAtFormat,
            CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal,
            out var createdAt)
            ? createdAt
            : throw Malformed(key, UsersTable.CreatedAtAttribute, tableName);

    private static UserStoreException Malformed(string key, string attribute, string tableName) =>
        new($"The item {key} in table '{tableName}' has a missing or malformed {attribute} attribute.");

    private static string? Text(Dictionary<string, AttributeValue> item, string attribute) =>
        item.TryGetValue(attribute, out var value) ? value.S : null;

    private static string? Number(Dictionary<string, AttributeValue> item, string attribute) =>
        item.TryGetValue(attribute, out var value) ? value.N : null;
}
