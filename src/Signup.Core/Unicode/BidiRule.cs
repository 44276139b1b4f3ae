namespace Signup.Core.Unicode;

/// <summary>The "Bidi Rule" of RFC 5893 section 2, which RFC 8265 applies to usernames with right-to-left characters.</summary>
internal static class BidiRule
{
    /// <summary>
    /// Returns true when the text has no right-to-left character (Bidi_Class R, AL or AN), or when it
    /// meets all six conditions of the Bidi Rule.
    /// </summary>
    public static bool IsSatisfied(string text)
    {
        var classes = new List<BidiClass>(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            classes.Add(UnicodeData.GetBidiClass(rune.Value));
        }

        if (classes.Count == 0 || !classes.Exists(IsRightToLeft))
        {
            return true;
        }

        // Condition 1: the first character decides the direction and must be a strong letter.
        var rightToLeft = classes[0] is BidiClass.R or BidiClass.AL;
        if (!rightToLeft && classes[0] != BidiClass.L)
        {
            return false;
        }

        // Conditions 2 and 5: which classes may appear at all.
        if (!classes.TrueForAll(rightToLeft ? IsAllowedInRightToLeft : IsAllowedInLeftToRight))
        {
            return false;
        }

        // Conditions 3 and 6: the last character other than a non-spacing mark.
        var last = classes.FindLast(c => c != BidiClass.NSM);
        var endsWell = rightToLeft
            ? last is BidiClass.R or BidiClass.AL or BidiClass.EN or BidiClass.AN
            : last is BidiClass.L or BidiClass.EN;
        if (!endsWell)
        {
            return false;
        }

        // Condition 4: European and Arabic numbers may not both appear in a right-to-left string.
        return !rightToLeft || !(classes.Contains(BidiClass.EN) && classes.Contains(BidiClass.AN));
    }

    private static bool IsRightToLeft(BidiClass c) => c is BidiClass.R or BidiClass.AL or BidiClass.AN;

    private static bool IsAllowedInRightToLeft(BidiClass c) => c is
        BidiClass.R or BidiClass.AL or BidiClass.AN or BidiClass.EN or BidiClass.ES or BidiClass.CS or
        BidiClass.ET or BidiClass.ON or BidiClass.BN or BidiClass.NSM;

    private static bool IsAllowedInLeftToRight(BidiClass c) => c is
        BidiClass.L or BidiClass.EN or BidiClass.ES or BidiClass.CS or BidiClass.ET or BidiClass.ON or
        BidiClass.BN or BidiClass.NSM;
}
