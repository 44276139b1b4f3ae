using System.Globalization;
using System.Text;

namespace Signup.Core.Unicode;

/// <summary>
/// Checks on combining marks from the optional detection of UTS #39 section 5.4: marks stacked or
/// repeated on one letter, and a dot above that cannot be seen.
/// </summary>
internal static class MarkCheck
{
    private const int CombiningDotAbove = 0x0307;

    /// <summary>Returns true for general categories Mn, Mc and Me.</summary>
    public static bool IsMark(int codePoint) => CharUnicodeInfo.GetUnicodeCategory(codePoint) is
        UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark;

    /// <summary>
    /// Returns the length of the longest run of nonspacing marks (Mn or Me) in the NFD form of
    /// <paramref name="text"/>.
    /// </summary>
    /// <remarks>
    /// NFD splits precomposed letters such as ệ into base and marks, so the count does not depend on
    /// how the text was typed.
    /// </remarks>
    public static int LongestNonspacingRun(string text)
    {
        int longest = 0, current = 0;
        foreach (var rune in text.Normalize(NormalizationForm.FormD).EnumerateRunes())
        {
            current = IsNonspacing(rune.Value) ? current + 1 : 0;
            longest = Math.Max(longest, current);
        }

        return longest;
    }

    /// <summary>
    /// Returns true when the same nonspacing mark appears twice in a row in the NFD form of
    /// <paramref name="text"/>.
    /// </summary>
    /// <remarks>
    /// NFD also puts the marks on a letter in canonical order, which brings together two equal marks
    /// that were typed apart (a + U+0301 + U+0323 + U+0301).
    /// </remarks>
    public static bool HasRepeatedNonspacingMark(string text)
    {
        var previous = -1;
        foreach (var rune in text.Normalize(NormalizationForm.FormD).EnumerateRunes())
        {
            if (rune.Value == previous && IsNonspacing(rune.Value))
            {
                return true;
            }

            previous = rune.Value;
        }

        return false;
    }

    /// <summary>
    /// Returns true when a combining dot above (U+0307) sits on a Soft_Dotted letter such as i, j or
    /// Cyrillic і, where it is invisible, or on dotless ı or ȷ, where it makes i or j.
    /// </summary>
    /// <remarks>
    /// Marks between the letter and the dot do not matter when their combining class is neither 0 nor
    /// 230 (Above), such as a dot below: the After_Soft_Dotted condition of SpecialCasing.txt.
    /// </remarks>
    public static bool HasDotAboveOnDottedLetter(string text)
    {
        var afterDottedLetter = false;
        foreach (var rune in text.EnumerateRunes())
        {
            if (rune.Value == CombiningDotAbove && afterDottedLetter)
            {
                return true;
            }

            if (IsDottedOrDotless(rune.Value))
            {
                afterDottedLetter = true;
            }
            else if (!UnicodeData.HasNonzeroCombiningClassNotAbove(rune.Value))
            {
                afterDottedLetter = false;
            }
        }

        return false;
    }

    private static bool IsNonspacing(int codePoint) => CharUnicodeInfo.GetUnicodeCategory(codePoint) is
        UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark;

    // U+0131 and U+0237 are the dotless i and j.
    private static bool IsDottedOrDotless(int codePoint) =>
        UnicodeData.IsSoftDotted(codePoint) || codePoint is 0x0131 or 0x0237;
}
