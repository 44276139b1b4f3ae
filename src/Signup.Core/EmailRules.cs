using System.Globalization;
using System.Text;
using Signup.Core.Unicode;

namespace Signup.Core;

/// <summary>An email address that passed <see cref="EmailRules"/>.</summary>
/// <param name="Address">The address as entered, without surrounding spaces.</param>
/// <param name="Key">
/// The comparison key: the local part width-mapped, in NFKC and lower-cased, <c>@</c>, the lower-case ASCII domain
/// (see <see cref="KeyNormalizer.EmailKey"/>).
/// </param>
/// <param name="LocalPart">The part before the <c>@</c>, as entered.</param>
public sealed record NormalizedEmail(string Address, string Key, string LocalPart);

/// <summary>
/// The email rules: a dot-atom local part (RFC 5322 atext plus Unicode letters, marks and digits as
/// RFC 6531 allows), and a domain name that passes IDNA ToASCII with the STD3 rules. Quoted local
/// parts, comments and address literals are rejected, and no DNS lookup is made.
/// </summary>
public static class EmailRules
{
    /// <summary>Maximum length of the local part in UTF-8 bytes of its NFC form (RFC 5321 section 4.5.3.1.1).</summary>
    public const int MaxLocalPartBytes = 64;

    /// <summary>
    /// Maximum length of the address in bytes: the UTF-8 local part in NFC, <c>@</c> and the ASCII domain
    /// (RFC 5321 allows 256 bytes for a path, which includes the angle brackets).
    /// </summary>
    public const int MaxAddressBytes = 254;

    /// <summary>Maximum length of a domain label in bytes (RFC 1035 section 2.3.4).</summary>
    public const int MaxLabelBytes = 63;

    // Only bounds the work done on absurd input: IDNA maps some characters (such as the soft hyphen)
    // to nothing, so the exact limit is checked on the ASCII form, after the mapping.
    private const int MaxInputLength = 1024;

    private const string AsciiAtomSymbols = "!#$%&'*+-/=?^_`{|}~";

    /// <summary>Checks an email address and adds every problem found to <paramref name="errors"/>.</summary>
    /// <returns>The trimmed address and its key, or null when the address is not acceptable.</returns>
    public static NormalizedEmail? Validate(string? email, ICollection<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var address = Trim(email ?? string.Empty);
        if (address.Length == 0)
        {
            errors.Add(RegistrationErrors.EmailRequired);
            return null;
        }

        if (!Utf16Text.IsNormalizable(address))
        {
            errors.Add(RegistrationErrors.EmailInvalidEncoding);
            return null;
        }

        if (address.Length > MaxInputLength)
        {
            errors.Add(RegistrationErrors.EmailTooLong);
            return null;
        }

        var at = address.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at == address.Length - 1 || address.IndexOf('@', at + 1) >= 0)
        {
            errors.Add(RegistrationErrors.EmailInvalidFormat);
            return null;
        }

        var localPart = address[..at];
        var found = new List<FieldError>();

        // The mapped local part must be a dot-atom too, because NFKC turns a few letters into text that
        // is not: the ligature U+FDFA becomes words with spaces, and U+FF9E becomes a combining mark.
        var mappedLocalPart = KeyNormalizer.MapEmailLocalPart(localPart);
        if (!IsDotAtom(localPart) || mappedLocalPart is null || !IsDotAtom(mappedLocalPart))
        {
            found.Add(RegistrationErrors.EmailInvalidLocalPart);
        }

        // Counted in NFC, so that a decomposed é (e + U+0301, 3 bytes) costs what the precomposed é
        // (2 bytes) costs: both give the same key, so both must meet the same limit.
        var localBytes = Encoding.UTF8.GetByteCount(localPart.Normalize(NormalizationForm.FormC));
        if (localBytes > MaxLocalPartBytes)
        {
            found.Add(RegistrationErrors.EmailLocalPartTooLong);
        }

        var asciiDomain = ToAsciiDomain(address[(at + 1)..]);
        if (asciiDomain is null)
        {
            found.Add(RegistrationErrors.EmailInvalidDomain);
        }
        else if (localBytes + 1 + asciiDomain.Length > MaxAddressBytes)
        {
            found.Add(RegistrationErrors.EmailTooLong);
        }

        foreach (var error in found)
        {
            errors.Add(error);
        }

        return found.Count == 0 && mappedLocalPart is not null && asciiDomain is not null
            ? new NormalizedEmail(address, mappedLocalPart + "@" + asciiDomain, localPart)
            : null;
    }

    /// <summary>
    /// Removes spaces (general category Zs) and tabs around the address. Line breaks and other controls
    /// stay, so an address that carries them is rejected rather than silently repaired.
    /// </summary>
    internal static string Trim(string email)
    {
        int start = 0, end = email.Length;
        while (start < end && IsTrimmable(email[start]))
        {
            start++;
        }

        while (end > start && IsTrimmable(email[end - 1]))
        {
            end--;
        }

        return email[start..end];
    }

    private static bool IsTrimmable(char c) =>
        c == '\t' || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.SpaceSeparator;

    /// <summary>
    /// RFC 5322 dot-atom-text: atoms separated by single dots, no dot at either end. A combining mark
    /// must follow a letter, a digit or another mark of the same atom.
    /// </summary>
    private static bool IsDotAtom(string localPart)
    {
        foreach (var atom in localPart.Split('.'))
        {
            if (atom.Length == 0)
            {
                return false;
            }

            // A mark at the start of an atom or after an ASCII symbol would sit on the dot, the symbol or
            // whatever precedes the address on screen, and = + U+0338 even composes to ≠.
            var markAllowed = false;
            foreach (var rune in atom.EnumerateRunes())
            {
                if (!IsAtomCharacter(rune) || (MarkCheck.IsMark(rune.Value) && !markAllowed))
                {
                    return false;
                }

                markAllowed = !rune.IsAscii || char.IsAsciiLetterOrDigit((char)rune.Value);
            }
        }

        return true;
    }

    private static bool IsAtomCharacter(Rune rune)
    {
        if (rune.IsAscii)
        {
            return char.IsAsciiLetterOrDigit((char)rune.Value) || AsciiAtomSymbols.Contains((char)rune.Value, StringComparison.Ordinal);
        }

        // RFC 6531 admits any non-ASCII UTF-8 here. Letters, combining marks and digits are enough for
        // names in every script, and they keep out control and look-alike punctuation characters.
        // Default_Ignorable_Code_Point removes the invisible ones among them: variation selectors,
        // the combining grapheme joiner and the Hangul fillers (U+115F, U+1160, U+3164, U+FFA0).
        return !UnicodeData.IsDefaultIgnorable(rune.Value) && Rune.GetUnicodeCategory(rune) is
            UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter or
            UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or UnicodeCategory.NonSpacingMark or
            UnicodeCategory.SpacingCombiningMark or UnicodeCategory.DecimalDigitNumber;
    }

    /// <summary>
    /// Converts the domain with IDNA ToASCII (STD3 rules, no unassigned code points) and checks the
    /// result: two or more labels of 1 to 63 letters, digits and inner hyphens, the last not all digits.
    /// </summary>
    /// <returns>The lower-case ASCII domain, or null when the domain is not acceptable.</returns>
    private static string? ToAsciiDomain(string domain)
    {
        // Address literals such as [192.0.2.1] are not domain names. IDNA would reject them too, but
        // testing here keeps the rule independent of the IDNA implementation.
        if (domain.StartsWith('['))
        {
            return null;
        }

        string ascii;
        try
        {
            var idn = new IdnMapping { UseStd3AsciiRules = true, AllowUnassigned = false };
            ascii = idn.GetAscii(domain).ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            // IdnMapping reports every invalid name (bad label, disallowed code point) this way.
            return null;
        }

        var labels = ascii.Split('.');
        if (labels.Length < 2 || !labels.All(IsHostnameLabel))
        {
            return null;
        }

        return labels[^1].All(char.IsAsciiDigit) ? null : ascii;
    }

    private static bool IsHostnameLabel(string label) =>
        label.Length is > 0 and <= MaxLabelBytes &&
        label[0] != '-' && label[^1] != '-' &&
        label.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');
}
