using System.Security.Cryptography;
using System.Text;
using Signup.Core.Hashing;

namespace Signup.Core;

/// <summary>
/// Hashes passwords with Argon2id (libsodium, through Geralt) and stores them as PHC strings:
/// <c>$argon2id$v=19$m=19456,t=2,p=1$&lt;salt&gt;$&lt;tag&gt;</c>. The salt is 16 random bytes and the tag
/// 32 bytes, both in Base64 without padding. The password is hashed as its UTF-8 bytes, whatever its length.
/// </summary>
public sealed class Argon2idPasswordHasher : IPasswordHasher
{
    // Geralt's VerifyHash accepts 45 to 128 characters (libsodium's crypto_pwhash_STRBYTES is 128).
    // The strings Hash produces with the default parameters are 97 characters long.
    private const int MaxStoredLength = 128;

    // Lone surrogates would otherwise become U+FFFD, and two different passwords would hash alike.
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly Argon2idOptions _options;

    /// <summary>Creates a hasher with the given cost parameters.</summary>
    public Argon2idPasswordHasher(Argon2idOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    /// <summary>The cost parameters new hashes use.</summary>
    public Argon2idOptions Options => _options;

    /// <exception cref="ArgumentException"><paramref name="password"/> contains an unpaired surrogate.</exception>
    public string Hash(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        var passwordBytes = Encode(password)
            ?? throw new ArgumentException("The password contains an unpaired surrogate.", nameof(password));
        var salt = RandomNumberGenerator.GetBytes(Argon2idOptions.SaltBytes);
        var tag = new byte[Argon2idOptions.TagBytes];
        try
        {
            Geralt.Argon2id.DeriveKey(tag, passwordBytes, salt, _options.Iterations, _options.MemoryKiB * 1024);
            return new PhcString(_options.MemoryKiB, _options.Iterations, _options.Parallelism, salt, tag).Format();
        }
        finally
        {
            CryptographicOperations.ZeroMemory(passwordBytes);
            CryptographicOperations.ZeroMemory(tag);
        }
    }

    /// <remarks>
    /// libsodium recomputes the tag with the stored parameters (any parallelism) and compares in constant
    /// time. A stored string that is malformed, too long, or not Argon2id version 19 fails verification.
    /// </remarks>
    public PasswordVerification Verify(string passwordHash, string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        var stored = PhcString.TryParse(passwordHash);
        if (stored is null || passwordHash.Length > MaxStoredLength)
        {
            return PasswordVerification.Failed;
        }

        var passwordBytes = Encode(password);
        if (passwordBytes is null)
        {
            return PasswordVerification.Failed;
        }

        try
        {
            if (!Geralt.Argon2id.VerifyHash(passwordHash, passwordBytes))
            {
                return PasswordVerification.Failed;
            }
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            // Geralt rejects strings it cannot decode by throwing; for the caller that is a failed match.
            return PasswordVerification.Failed;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(passwordBytes);
        }

        return IsWeaker(stored) ? PasswordVerification.SuccessRehashNeeded : PasswordVerification.Success;
    }

    /// <remarks>A string that cannot be parsed also needs a new hash, so the result is true.</remarks>
    public bool NeedsRehash(string passwordHash)
    {
        var stored = PhcString.TryParse(passwordHash);
        return stored is null || IsWeaker(stored);
    }

    // Parallelism is left out: more lanes with the same memory and passes cost an attacker the same.
    private bool IsWeaker(PhcString stored) =>
        stored.MemoryKiB < _options.MemoryKiB ||
        stored.Iterations < _options.Iterations ||
        stored.Salt.Length < Argon2idOptions.SaltBytes ||
        stored.Tag.Length < Argon2idOptions.TagBytes;

    private static byte[]? Encode(string password)
    {
        try
        {
            return StrictUtf8.GetBytes(password);
        }
        catch (EncoderFallbackException)
        {
            return null;
        }
    }
}
