using System.Globalization;
using System.Text;
using Signup.Core.Unicode;

namespace Signup.Core;

/// <summary>
/// The password rules: the RFC 8265 OpaqueString preparation (non-ASCII spaces become U+0020, then
/// NFC), 12 to 128 code points, no control characters, not a common password, and not containing the
/// username or the email's local part. The password is never trimmed or truncated.
/// </summary>
public sealed class PasswordRules
{
    /// <summary>Minimum length in code points of the prepared password.</summary>
    public const int MinLength = 12;

    /// <summary>Maximum length in code points of the prepared password.</summary>
    public const int MaxLength = 128;

    /// <summary>Usernames and local parts shorter than this (in code points) may appear in a password.</summary>
    public const int MinContainedLength = 4;

    // NFC composes at most 4 code points into one and a code point takes at most 2 UTF-16 units, so
    // longer input always prepares to more than MaxLength code points. Checking this first keeps a
    // megabyte of input from being normalized.
    private const int MaxInputLength = MaxLength * 4 * 2;

    private readonly CommonPasswordList _commonPasswords;

    /// <summary>Creates the rules with the given block list.</summary>
    public PasswordRules(CommonPasswordList commonPasswords)
    {
        ArgumentNullException.ThrowIfNull(commonPasswords);
        _commonPasswords = commonPasswords;
    }

    /// <summary>
    /// Checks a password and adds every problem found to <paramref name="errors"/>.
    /// <paramref name="username"/> and <paramref name="emailLocalPart"/> are the values entered in the
    /// other fields, valid or not; null skips that comparison.
    /// </summary>
    /// <returns>The prepared password to hash, or null when the password is not acceptable.</returns>
    public string? Validate(string? password, string? username, string? emailLocalPart, ICollection<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrEmpty(password))
        {
            errors.Add(RegistrationErrors.PasswordRequired);
            return null;
        }

        if (!Utf16Text.IsNormalizable(password))
        {
            errors.Add(RegistrationErrors.PasswordInvalidEncoding);
            return null;
        }

        if (password.Length > MaxInputLength)
        {
            errors.Add(RegistrationErrors.PasswordTooLong);
            return null;
        }

        var prepared = Prepare(password);
        var found = new List<FieldError>();
        var length = Utf16Text.CountCodePoints(prepared);
        if (length < MinLength)
        {
            found.Add(RegistrationErrors.PasswordTooShort);
        }
        else if (length > MaxLength)
        {
            found.Add(RegistrationErrors.PasswordTooLong);
        }

        if (prepared.EnumerateRunes().Any(r => Rune.GetUnicodeCategory(r) == UnicodeCategory.Control))
        {
            found.Add(RegistrationErrors.PasswordControlCharacter);
        }

        if (_commonPasswords.Contains(prepared))
        {
            found.Add(RegistrationErrors.PasswordTooCommon);
        }

        var folded = Fold(prepared);
        if (ContainsValue(folded, username))
        {
            found.Add(RegistrationErrors.PasswordContainsUsername);
        }

        if (ContainsValue(folded, emailLocalPart))
        {
            found.Add(RegistrationErrors.PasswordContainsEmail);
        }

        foreach (var error in found)
        {
            errors.Add(error);
        }

        return found.Count == 0 ? prepared : null;
    }

    /// <summary>
    /// The RFC 8265 OpaqueString preparation: every space separator other than U+0020 becomes U+0020,
    /// then NFC. Fullwidth characters and case are kept. The input must be well-formed UTF-16.
    /// </summary>
    public static string Prepare(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        var builder = new StringBuilder(password.Length);
        foreach (var c in password)
        {
            var isOtherSpace = c != ' ' && CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.SpaceSeparator;
            builder.Append(isOtherSpace ? ' ' : c);
        }

        return builder.ToString().Normalize(NormalizationForm.FormC);
    }

    private static bool ContainsValue(string foldedPassword, string? value)
    {
        if (string.IsNullOrEmpty(value) || !Utf16Text.IsNormalizable(value))
        {
            return false;
        }

        var foldedValue = Fold(value);
        return Utf16Text.CountCodePoints(foldedValue) >= MinContainedLength &&
            foldedPassword.Contains(foldedValue, StringComparison.Ordinal);
    }

    // Width mapping makes "ＡＬＩＣＥ" in a password match the username "alice" as well.
    private static string Fold(string text) => KeyNormalizer.MapOnce(text);
}
