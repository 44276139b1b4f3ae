using System.Text;
using Signup.Core.Unicode;

namespace Signup.Core;

/// <summary>
/// Computes the comparison keys that decide whether two usernames or two email addresses name the same
/// account. Equal keys, compared ordinally, mean the same account.
/// </summary>
/// <remarks>
/// NOTE: lower-casing and NFC come from the ICU library the process loads (ICU 72, Unicode 15.0, on
/// Debian 12). An ICU with an older Unicode version may map characters added since then differently.
/// </remarks>
public static class KeyNormalizer
{
    // RFC 8264 section 7: apply the rules until the output is stable, giving up after three more rounds.
    private const int MaxRounds = 4;

    /// <summary>
    /// Maps a username as the RFC 8265 UsernameCaseMapped profile does: fullwidth and halfwidth
    /// characters to their decompositions, upper case to lower case, then NFC.
    /// </summary>
    /// <returns>
    /// The key, or null when <paramref name="username"/> contains an unpaired surrogate or U+FFFE, or the mapping
    /// does not become stable. The key does not say whether the username is allowed; the username
    /// rules decide that.
    /// </returns>
    public static string? UsernameKey(string username)
    {
        ArgumentNullException.ThrowIfNull(username);
        if (!Utf16Text.IsNormalizable(username))
        {
            return null;
        }

        var current = username;
        for (var round = 0; round < MaxRounds; round++)
        {
            var next = MapOnce(current);
            if (string.Equals(next, current, StringComparison.Ordinal))
            {
                return next;
            }

            current = next;
        }

        return null;
    }

    /// <summary>
    /// Builds an email key from a dot-atom local part and a domain already converted to lower-case ASCII
    /// (IDNA ToASCII): the local part lower-cased without regard to culture and in NFC, <c>@</c>, the domain.
    /// </summary>
    public static string EmailKey(string localPart, string asciiDomain)
    {
        ArgumentNullException.ThrowIfNull(localPart);
        ArgumentNullException.ThrowIfNull(asciiDomain);
        return CaseMapping.ToLower(localPart).Normalize(NormalizationForm.FormC) + "@" + asciiDomain;
    }

    /// <summary>One round of width mapping, case mapping and NFC, the order RFC 8264 section 7 sets.</summary>
    internal static string MapOnce(string text) =>
        CaseMapping.ToLower(MapWidth(text)).Normalize(NormalizationForm.FormC);

    /// <summary>The RFC 8265 width mapping rule: each fullwidth or halfwidth character becomes its decomposition.</summary>
    internal static string MapWidth(string text)
    {
        StringBuilder? mapped = null;
        var index = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            var target = UnicodeData.MapWidth(rune.Value);
            if (target != rune.Value && mapped is null)
            {
                mapped = new StringBuilder(text.Length).Append(text, 0, index);
            }

            if (mapped is not null)
            {
                mapped.Append(char.ConvertFromUtf32(target));
            }

            index += rune.Utf16SequenceLength;
        }

        return mapped?.ToString() ?? text;
    }
}
