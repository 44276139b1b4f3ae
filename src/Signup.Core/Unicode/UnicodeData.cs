namespace Signup.Core.Unicode;

/// <summary>Lookups over the generated Unicode property tables in <see cref="UnicodeTables"/>.</summary>
internal static class UnicodeData
{
    /// <summary>The Script property: <see cref="ScriptIndex.Unknown"/> for unassigned, private-use and surrogate code points.</summary>
    public static byte GetScript(int codePoint) =>
        UnicodeTables.ScriptValues[FindRun(UnicodeTables.ScriptStarts, codePoint)];

    /// <summary>
    /// The Script_Extensions property as script indexes. A code point without an explicit list has
    /// its Script value as the only member.
    /// </summary>
    public static ReadOnlySpan<byte> GetScriptExtensions(int codePoint)
    {
        var set = UnicodeTables.ScriptExtensionValues[FindRun(UnicodeTables.ScriptExtensionStarts, codePoint)];
        if (set != 0)
        {
            var offsets = UnicodeTables.ScriptExtensionSetOffsets;
            return UnicodeTables.ScriptExtensionSetMembers[offsets[set]..offsets[set + 1]];
        }

        return UnicodeTables.ScriptIndexes.Slice(GetScript(codePoint), 1);
    }

    public static BidiClass GetBidiClass(int codePoint) =>
        (BidiClass)UnicodeTables.BidiValues[FindRun(UnicodeTables.BidiStarts, codePoint)];

    /// <summary>Returns true when the code point is assigned (has a script other than Unknown).</summary>
    /// <remarks>Private-use and surrogate code points also have script Unknown, so they count as unassigned.</remarks>
    public static bool IsAssigned(int codePoint) => GetScript(codePoint) != ScriptIndex.Unknown;

    /// <summary>Maps a fullwidth or halfwidth code point to its decomposition, and any other to itself.</summary>
    public static int MapWidth(int codePoint)
    {
        var index = UnicodeTables.WidthMappingSources.BinarySearch(codePoint);
        return index >= 0 ? UnicodeTables.WidthMappingTargets[index] : codePoint;
    }

    public static bool IsDefaultIgnorable(int codePoint) =>
        InRanges(UnicodeTables.DefaultIgnorableRanges, codePoint);

    public static bool IsConjoiningJamo(int codePoint) =>
        InRanges(UnicodeTables.ConjoiningJamoRanges, codePoint);

    /// <summary>Soft_Dotted: letters such as i and j whose dot disappears under an accent above.</summary>
    public static bool IsSoftDotted(int codePoint) =>
        InRanges(UnicodeTables.SoftDottedRanges, codePoint);

    /// <summary>
    /// Returns true when the Canonical_Combining_Class is neither 0 (Not_Reordered) nor 230 (Above):
    /// marks such as U+0323 (dot below) that do not stand between a soft-dotted letter and a dot above.
    /// </summary>
    public static bool HasNonzeroCombiningClassNotAbove(int codePoint) =>
        InRanges(UnicodeTables.NonzeroCombiningClassNotAboveRanges, codePoint);

    /// <summary>Noncharacter_Code_Point: U+FDD0..U+FDEF and the last two code points of every plane.</summary>
    public static bool IsNoncharacter(int codePoint) =>
        codePoint is >= 0xFDD0 and <= 0xFDEF || (codePoint & 0xFFFE) == 0xFFFE;

    /// <summary>Returns the index of the run that contains the code point in a table of run starts.</summary>
    private static int FindRun(ReadOnlySpan<int> starts, int codePoint)
    {
        var index = starts.BinarySearch(codePoint);

        // A miss returns the complement of the next larger start; the run before that one contains the code point.
        return index >= 0 ? index : ~index - 1;
    }

    /// <summary>Tests membership in a table of inclusive [first, last] pairs.</summary>
    private static bool InRanges(ReadOnlySpan<int> ranges, int codePoint)
    {
        int low = 0, high = (ranges.Length / 2) - 1;
        while (low <= high)
        {
            var middle = (low + high) / 2;
            if (codePoint < ranges[2 * middle])
            {
                high = middle - 1;
            }
            else if (codePoint > ranges[(2 * middle) + 1])
            {
                low = middle + 1;
            }
            else
            {
                return true;
            }
        }

        return false;
    }
}
