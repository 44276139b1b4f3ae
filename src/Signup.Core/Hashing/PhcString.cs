using System.Globalization;

namespace Signup.Core.Hashing;

/// <summary>
/// An Argon2id hash in the PHC string format:
/// <c>$argon2id$v=19$m=&lt;KiB&gt;,t=&lt;passes&gt;,p=&lt;lanes&gt;$&lt;salt&gt;$&lt;tag&gt;</c>, where salt and tag are
/// standard Base64 without padding and the numbers are decimal without leading zeros.
/// </summary>
internal sealed record PhcString(int MemoryKiB, int Iterations, int Parallelism, byte[] Salt, byte[] Tag)
{
    private const string Prefix = "$argon2id$v=19$";

    // Limits of the Argon2 specification (RFC 9106 section 3.1): salt at least 8 bytes, tag at least 4 bytes.
    private const int MinSaltBytes = 8;
    private const int MinTagBytes = 4;

    public string Format() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Prefix}m={MemoryKiB},t={Iterations},p={Parallelism}${ToBase64(Salt)}${ToBase64(Tag)}");

    /// <summary>Parses a stored hash; returns null for anything but a well-formed Argon2id v19 string.</summary>
    public static PhcString? TryParse(string? text)
    {
        if (text is null || !text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var parts = text[Prefix.Length..].Split('$');
        if (parts.Length != 3)
        {
            return null;
        }

        var parameters = parts[0].Split(',');
        if (parameters.Length != 3 ||
            !TryParseParameter(parameters[0], "m=", out var memoryKiB) ||
            !TryParseParameter(parameters[1], "t=", out var iterations) ||
            !TryParseParameter(parameters[2], "p=", out var parallelism))
        {
            return null;
        }

        var salt = FromBase64(parts[1]);
        var tag = FromBase64(parts[2]);
        if (salt is null || tag is null || salt.Length < MinSaltBytes || tag.Length < MinTagBytes ||
            iterations < 1 || parallelism < 1 || memoryKiB < 8 * parallelism)
        {
            return null;
        }

        return new PhcString(memoryKiB, iterations, parallelism, salt, tag);
    }

    private static bool TryParseParameter(string text, string name, out int value)
    {
        value = 0;
        var digits = text.StartsWith(name, StringComparison.Ordinal) ? text[name.Length..] : string.Empty;

        // Leading zeros would give one hash several spellings; the format allows none.
        return digits.Length > 0 && (digits.Length == 1 || digits[0] != '0') &&
            int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    private static string ToBase64(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=');

    private static byte[]? FromBase64(string text)
    {
        if (text.Length == 0 || text.Length % 4 == 1 || !text.All(IsBase64Character))
        {
            return null;
        }

        var padded = text + new string('=', (4 - (text.Length % 4)) % 4);
        var bytes = Convert.FromBase64String(padded);

        // Unused low bits in the last character must be zero, so that each value has one encoding.
        return string.Equals(ToBase64(bytes), text, StringComparison.Ordinal) ? bytes : null;
    }

    private static bool IsBase64Character(char c) => char.IsAsciiLetterOrDigit(c) || c is '+' or '/';
}
