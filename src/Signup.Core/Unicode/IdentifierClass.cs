using System.Globalization;
using System.Text;

namespace Signup.Core.Unicode;

/// <summary>The derived property value of a code point in the PRECIS IdentifierClass (RFC 8264 section 8).</summary>
internal enum IdentifierProperty
{
    /// <summary>PVALID: allowed anywhere.</summary>
    Valid,

    /// <summary>CONTEXTO digits: Arabic-Indic and Extended Arabic-Indic digits, which may not be mixed.</summary>
    ContextualDigit,

    /// <summary>CONTEXTO punctuation (U+00B7, U+0375, U+05F3, U+05F4, U+30FB), allowed only next to certain letters.</summary>
    ContextualPunctuation,

    /// <summary>CONTEXTJ: zero width joiner and non-joiner.</summary>
    JoinControl,

    /// <summary>ID_DIS because the code point changes under NFKC (superscripts, ligatures, circled letters).</summary>
    Compatibility,

    /// <summary>DISALLOWED or ID_DIS for any other reason: spaces, symbols, punctuation, controls, ignorables.</summary>
    Disallowed,

    /// <summary>Unassigned in Unicode <see cref="UnicodeTables.UnicodeVersion"/>, private use, or a surrogate.</summary>
    Unassigned,
}

/// <summary>Computes the RFC 8264 IdentifierClass property of single code points.</summary>
/// <remarks>
/// The order of the tests is the order RFC 8264 section 8 prescribes. The Exceptions come from
/// RFC 5892 section 2.6; the BackwardCompatible category is empty. Unstable (toNFKC_Casefold) is not
/// one of the PRECIS categories: RFC 8264 section 9.2 keeps it out.
/// </remarks>
internal static class IdentifierClass
{
    public static IdentifierProperty Classify(int codePoint)
    {
        if (ExceptionProperty(codePoint) is { } exception)
        {
            return exception;
        }

        if (UnicodeData.IsNoncharacter(codePoint))
        {
            return IdentifierProperty.Disallowed;
        }

        var category = CharUnicodeInfo.GetUnicodeCategory(codePoint);
        if (!UnicodeData.IsAssigned(codePoint) || category == UnicodeCategory.OtherNotAssigned)
        {
            return IdentifierProperty.Unassigned;
        }

        if (codePoint is >= 0x21 and <= 0x7E)
        {
            return IdentifierProperty.Valid;
        }

        if (codePoint is 0x200C or 0x200D)
        {
            return IdentifierProperty.JoinControl;
        }

        if (UnicodeData.IsConjoiningJamo(codePoint) || UnicodeData.IsDefaultIgnorable(codePoint) ||
            category == UnicodeCategory.Control)
        {
            return IdentifierProperty.Disallowed;
        }

        if (HasCompatibilityMapping(codePoint))
        {
            return IdentifierProperty.Compatibility;
        }

        return IsLetterOrDigit(category) ? IdentifierProperty.Valid : IdentifierProperty.Disallowed;
    }

    /// <summary>The LetterDigits category of RFC 5892: Ll, Lu, Lo, Nd, Lm, Mn, Mc.</summary>
    public static bool IsLetterOrDigit(UnicodeCategory category) => category is
        UnicodeCategory.LowercaseLetter or UnicodeCategory.UppercaseLetter or UnicodeCategory.OtherLetter or
        UnicodeCategory.DecimalDigitNumber or UnicodeCategory.ModifierLetter or
        UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;

    /// <summary>The HasCompat category: toNFKC(cp) != cp.</summary>
    private static bool HasCompatibilityMapping(int codePoint)
    {
        var text = char.ConvertFromUtf32(codePoint);
        return !string.Equals(text.Normalize(NormalizationForm.FormKC), text, StringComparison.Ordinal);
    }

    /// <summary>The Exceptions category of RFC 5892 section 2.6, or null for every other code point.</summary>
    private static IdentifierProperty? ExceptionProperty(int codePoint) => codePoint switch
    {
        0x00DF or 0x03C2 or 0x06FD or 0x06FE or 0x0F0B or 0x3007 => IdentifierProperty.Valid,
        0x00B7 or 0x0375 or 0x05F3 or 0x05F4 or 0x30FB => IdentifierProperty.ContextualPunctuation,
        >= 0x0660 and <= 0x0669 or >= 0x06F0 and <= 0x06F9 => IdentifierProperty.ContextualDigit,
        0x0640 or 0x07FA or 0x302E or 0x302F or >= 0x3031 and <= 0x3035 or 0x303B => IdentifierProperty.Disallowed,
        _ => null,
    };
}
