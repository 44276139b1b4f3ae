using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Signup.Core;

/// <summary>
/// A stored record of a successful registration made with an <c>Idempotency-Key</c>, so that a retry with the same
/// key returns the same user instead of creating another one.
/// </summary>
/// <param name="KeyHash">The base64url SHA-256 of the key, which names the record instead of the key itself.</param>
/// <param name="UserId">The user that the registration created.</param>
/// <param name="Fingerprint">The <see cref="Idempotency.Fingerprint"/> of the registration's username and email.</param>
/// <param name="CreatedAt">When the record was written.</param>
/// <param name="ExpiresAt">When the record stops counting, <see cref="Idempotency.Lifetime"/> after it was written.</param>
public sealed record IdempotencyRecord(
    string KeyHash,
    Guid UserId,
    string Fingerprint,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt);

/// <summary>The hashes that identify an idempotency key and the request it was first used with.</summary>
public static class Idempotency
{
    /// <summary>How long a retry with the same key returns the first response.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    /// <summary>Returns the base64url SHA-256 (no padding) of the key's UTF-8 bytes.</summary>
    public static string HashKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
    }

    /// <summary>
    /// Returns the base64url SHA-256 of the username and the email as stored for display. Each value is preceded by
    /// its length, so no two pairs share an input. The password is left out on purpose: a fast hash of it would let
    /// anyone who reads the table guess passwords offline, so a replay checks the password against the user's
    /// Argon2id hash instead.
    /// </summary>
    public static string Fingerprint(string username, string email)
    {
        ArgumentNullException.ThrowIfNull(username);
        ArgumentNullException.ThrowIfNull(email);
        var text = string.Create(
            CultureInfo.InvariantCulture,
            $"{username.Length}:{username}\n{email.Length}:{email}");
        return Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
