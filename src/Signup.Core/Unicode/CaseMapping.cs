namespace Signup.Core.Unicode;

/// <summary>Culture-independent lower-casing for comparison keys.</summary>
internal static class CaseMapping
{
    /// <summary>
    /// Lower-cases with the Unicode toLowerCase() mappings that do not depend on language or context:
    /// the simple mappings (<see cref="string.ToLowerInvariant"/>) plus the one unconditional full
    /// mapping of SpecialCasing.txt, U+0130 (capital I with dot above) to U+0069 U+0307.
    /// </summary>
    /// <remarks>
    /// .NET's invariant casing leaves U+0130 unchanged, so without the extra step "İ" would keep an
    /// upper-case letter in a key. The Final_Sigma rule is not applied: capital sigma always becomes
    /// σ (U+03C3), so a key never depends on where a letter is in the word.
    /// </remarks>
    public static string ToLower(string text)
    {
        var lowered = text.ToLowerInvariant();
        return lowered.Contains('\u0130', StringComparison.Ordinal)
            ? lowered.Replace("\u0130", "i\u0307", StringComparison.Ordinal)
            : lowered;
    }
}
