namespace Signup.Core.Unicode;

/// <summary>Checks on .NET strings as sequences of Unicode code points.</summary>
internal static class Utf16Text
{
    /// <summary>
    /// Returns true when every surrogate is part of a high/low pair and U+FFFE is absent. A .NET string can
    /// hold a lone surrogate, which is no Unicode scalar value and which UTF-8 cannot encode, and
    /// <see cref="string.Normalize()"/> throws on either.
    /// </summary>
    public static bool IsNormalizable(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]) || text[i] == '\uFFFE')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Counts the code points of a well-formed string.</summary>
    public static int CountCodePoints(string text)
    {
        var count = text.Length;
        foreach (var c in text)
        {
            if (char.IsHighSurrogate(c))
            {
                count--;
            }
        }

        return count;
    }
}
