using System.Globalization;

namespace Signup.Deploy.Tests.Package;

/// <summary>An ELF symbol version such as GLIBC_2.34 or GLIBCXX_3.4.29, ordered by its numeric parts.</summary>
internal readonly record struct SymbolVersion(string Family, string Number) : IComparable<SymbolVersion>
{
    public static bool TryParse(string text, out SymbolVersion version)
    {
        version = default;
        var separator = text.LastIndexOf('_');
        if (separator <= 0 || separator == text.Length - 1)
        {
            return false;
        }

        var number = text[(separator + 1)..];
        if (!number.Split('.').All(part => part.Length > 0 && part.All(char.IsAsciiDigit)))
        {
            return false;
        }

        version = new SymbolVersion(text[..separator], number);
        return true;
    }

    public static SymbolVersion Parse(string text) =>
        TryParse(text, out var version) ? version : throw new FormatException($"'{text}' is not a symbol version.");

    /// <summary>Compares numbers of the same family part by part, so 2.9 is below 2.34.</summary>
    public int CompareTo(SymbolVersion other)
    {
        if (!string.Equals(Family, other.Family, StringComparison.Ordinal))
        {
            return string.CompareOrdinal(Family, other.Family);
        }

        var mine = Parts(Number);
        var theirs = Parts(other.Number);
        for (var i = 0; i < Math.Max(mine.Length, theirs.Length); i++)
        {
            var difference = (i < mine.Length ? mine[i] : 0).CompareTo(i < theirs.Length ? theirs[i] : 0);
            if (difference != 0)
            {
                return difference;
            }
        }

        return 0;
    }

    public override string ToString() => $"{Family}_{Number}";

    private static int[] Parts(string number) =>
        [.. number.Split('.').Select(part => int.Parse(part, NumberStyles.None, CultureInfo.InvariantCulture))];
}
