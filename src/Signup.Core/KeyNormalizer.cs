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
        return MapUntilStable(username, MapOnce);
    }

    /// <summary>
    /// Builds an email key from a dot-atom local part and a domain already converted to lower-case ASCII
    /// (IDNA ToASCII): the local part width-mapped, put in NFKC and lower-cased without regard to culture,
    /// repeated until stable, then <c>@</c> and the domain.
    /// </summary>
    /// <returns>
    /// The key, or null when <paramref name="localPart"/> contains an unpaired surrogate or U+FFFE, or the
    /// mapping does not become stable. The key does not say whether the address is allowed; the email
    /// rules decide that.
    /// </returns>
    public static string? EmailKey(string localPart, string asciiDomain)
    {
        ArgumentNullException.ThrowIfNull(localPart);
        ArgumentNullException.ThrowIfNull(asciiDomain);
        return MapEmailLocalPart(localPart) is { } mapped ? mapped + "@" + asciiDomain : null;
    }

    /// <summary>
    /// Maps an email local part for comparison, or returns null as <see cref="EmailKey"/> does. NFKC, unlike
    /// the NFC of usernames, also folds ligatures and styled letters (ﬁ to fi, ᴬ to A), because the local
    /// part has no separate check that would reject them.
    /// </summary>
    internal static string? MapEmailLocalPart(string localPart) =>
        MapUntilStable(localPart, text => CaseMapping.ToLower(MapWidth(text).Normalize(NormalizationForm.FormKC)));

    /// <summary>One round of width mapping, case mapping and NFC, the order RFC 8264 section 7 sets.</summary>
    internal static string MapOnce(string text) =>
        CaseMapping.ToLower(MapWidth(text)).Normalize(NormalizationForm.FormC);

    /// <summary>
    /// Applies <paramref name="round"/> until the output no longer changes, or returns null when
    /// <paramref name="text"/> cannot be normalized or does not settle within <see cref="MaxRounds"/> rounds.
    /// </summary>
    private static string? MapUntilStable(string text, Func<string, string> round)
    {
        if (!Utf16Text.IsNormalizable(text))
        {
            return null;
        }

        var current = text;
        for (var i = 0; i < MaxRounds; i++)
        {
            var next = round(current);
            if (string.Equals(next, current, StringComparison.Ordinal))
            {
                return next;
            }

            current = next;
        }

        return null;
    }

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
