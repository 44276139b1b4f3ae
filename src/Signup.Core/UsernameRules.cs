using System.Globalization;
using System.Text;
using Signup.Core.Unicode;

namespace Signup.Core;

/// <summary>A username that passed <see cref="UsernameRules"/>.</summary>
/// <param name="Display">The username as entered, in NFC, for display.</param>
/// <param name="Key">The RFC 8265 UsernameCaseMapped form, used to compare usernames.</param>
public sealed record NormalizedUsername(string Display, string Key);

/// <summary>
/// The username rules: the RFC 8265 UsernameCaseMapped profile of the PRECIS IdentifierClass, narrowed
/// to letters, digits and the separators <c>.</c>, <c>_</c> and <c>-</c>, 3 to 32 code points, one script.
/// </summary>
public static class UsernameRules
{
    /// <summary>Minimum length in code points of the mapped username (the key).</summary>
    public const int MinLength = 3;

    /// <summary>Maximum length in code points of the mapped username (the key).</summary>
    public const int MaxLength = 32;

    /// <summary>
    /// Maximum number of nonspacing marks in a row, counted in NFD: the limit UTS #39 section 5.4 suggests.
    /// </summary>
    public const int MaxConsecutiveMarks = 4;

    // NFC composes at most 4 code points into one (the longest canonical decomposition, such as
    // U+1F82's, has 4), and a code point takes at most 2 UTF-16 units. Longer input cannot map to
    // MaxLength code points, so it is rejected before any Unicode processing.
    private const int MaxInputLength = MaxLength * 4 * 2;

    /// <summary>
    /// Checks a username and adds every problem found to <paramref name="errors"/>.
    /// </summary>
    /// <returns>The display form and key, or null when the username is not acceptable.</returns>
    public static NormalizedUsername? Validate(string? username, ICollection<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrEmpty(username))
        {
            errors.Add(RegistrationErrors.UsernameRequired);
            return null;
        }

        if (!Utf16Text.IsNormalizable(username))
        {
            errors.Add(RegistrationErrors.UsernameInvalidEncoding);
            return null;
        }

        if (username.Length > MaxInputLength)
        {
            errors.Add(RegistrationErrors.UsernameTooLong);
            return null;
        }

        var found = new List<FieldError>();

        // RFC 8265 checks the IdentifierClass on the width-mapped input, before case mapping. Here the check
        // runs after NFC, as in the rule order of RFC 8264 section 7, so that decomposed input (such as
        // NFD Hangul) is judged by the characters it composes to.
        var prepared = KeyNormalizer.MapWidth(username).Normalize(NormalizationForm.FormC);
        CheckCharacters(prepared, found);
        var key = KeyNormalizer.UsernameKey(username);
        if (key is null)
        {
            AddOnce(found, RegistrationErrors.UsernameInvalidCharacter);
        }
        else
        {
            // The class rules run again on the key, because RFC 8264 section 7 applies them after every mapping.
            CheckCharacters(key, found);
            var charactersValid = found.Count == 0;
            CheckLength(key, found);
            CheckSeparators(key, found);
            CheckMarks(prepared, key, found);

            // Scripts and direction only mean something for characters that are allowed at all.
            if (charactersValid)
            {
                CheckScriptsAndDirection(key, found);
            }
        }

        foreach (var error in found)
        {
            errors.Add(error);
        }

        return found.Count == 0 && key is not null
            ? new NormalizedUsername(username.Normalize(NormalizationForm.FormC), key)
            : null;
    }

    private static void CheckCharacters(string text, List<FieldError> found)
    {
        foreach (var rune in text.EnumerateRunes())
        {
            var error = CharacterError(rune.Value);
            if (error is not null)
            {
                AddOnce(found, error);
            }
        }
    }

    private static FieldError? CharacterError(int codePoint)
    {
        // No-break and fixed-width spaces (U+00A0, U+2007, U+202F) have a compatibility mapping to U+0020,
        // but they are spaces, not styled letters, so they get the code that names spaces.
        var category = CharUnicodeInfo.GetUnicodeCategory(codePoint);
        if (category == UnicodeCategory.SpaceSeparator)
        {
            return RegistrationErrors.UsernameInvalidCharacter;
        }

        var property = IdentifierClass.Classify(codePoint);
        if (property == IdentifierProperty.Compatibility)
        {
            return RegistrationErrors.UsernameCompatibilityCharacter;
        }

        // The IdentifierClass also admits ASCII punctuation and the CONTEXTO punctuation. The username
        // rules keep only letters, marks, digits and three separators, so the contextual rules for
        // punctuation and the join controls never apply.
        var allowed = property is IdentifierProperty.Valid or IdentifierProperty.ContextualDigit &&
            (IsSeparator(codePoint) || IdentifierClass.IsLetterOrDigit(category));
        return allowed ? null : RegistrationErrors.UsernameInvalidCharacter;
    }

    private static void CheckLength(string key, List<FieldError> found)
    {
        var length = Utf16Text.CountCodePoints(key);
        if (length < MinLength)
        {
            found.Add(RegistrationErrors.UsernameTooShort);
        }
        else if (length > MaxLength)
        {
            found.Add(RegistrationErrors.UsernameTooLong);
        }
    }

    private static void CheckSeparators(string key, List<FieldError> found)
    {
        if (key.Length == 0)
        {
            return;
        }

        if (IsSeparator(key[0]) || IsSeparator(key[^1]))
        {
            found.Add(RegistrationErrors.UsernameSeparatorAtEdge);
        }

        for (var i = 1; i < key.Length; i++)
        {
            if (IsSeparator(key[i]) && IsSeparator(key[i - 1]))
            {
                found.Add(RegistrationErrors.UsernameConsecutiveSeparators);
                break;
            }
        }
    }

    private static void CheckMarks(string prepared, string key, List<FieldError> found)
    {
        // A mark in first place has no letter of the username to sit on, so it lands on whatever is
        // displayed before the name.
        if (key.Length > 0 && MarkCheck.IsMark(Rune.GetRuneAt(key, 0).Value))
        {
            found.Add(RegistrationErrors.UsernameStartsWithMark);
        }

        // Marks stacked on one letter overlap, so the count and the repeats are invisible on screen.
        if (MarkCheck.LongestNonspacingRun(key) > MaxConsecutiveMarks)
        {
            found.Add(RegistrationErrors.UsernameTooManyMarks);
        }

        if (MarkCheck.HasRepeatedNonspacingMark(key))
        {
            found.Add(RegistrationErrors.UsernameRepeatedMark);
        }

        // Checked before case mapping, which turns İ (U+0130) into i + U+0307 and would otherwise
        // reject every name with a capital dotted I.
        if (MarkCheck.HasDotAboveOnDottedLetter(prepared))
        {
            found.Add(RegistrationErrors.UsernameDotAboveOnDottedLetter);
        }
    }

    private static void CheckScriptsAndDirection(string key, List<FieldError> found)
    {
        // NOTE: look-alikes within one script (such as dotless ı for i in a Latin name) still give
        // different keys. Catching them would need the UTS #39 confusable skeleton.
        if (!ScriptCheck.IsSingleScript(key))
        {
            found.Add(RegistrationErrors.UsernameMixedScripts);
        }

        // CONTEXTO rule of RFC 5892 appendix A.8 and A.9: the two Arabic digit sets may not be mixed.
        if (key.Any(c => c is >= '\u0660' and <= '\u0669') && key.Any(c => c is >= '\u06F0' and <= '\u06F9'))
        {
            found.Add(RegistrationErrors.UsernameMixedDigits);
        }

        if (!BidiRule.IsSatisfied(key))
        {
            found.Add(RegistrationErrors.UsernameMixedDirection);
        }
    }

    private static bool IsSeparator(int codePoint) => codePoint is '.' or '_' or '-';

    private static void AddOnce(List<FieldError> found, FieldError error)
    {
        if (!found.Contains(error))
        {
            found.Add(error);
        }
    }
}
