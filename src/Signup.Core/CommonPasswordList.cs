using System.IO.Compression;
using System.Text;
using Signup.Core.Unicode;

namespace Signup.Core;

/// <summary>
/// A block list of common passwords, compared without regard to case. <see cref="Default"/> is the list
/// embedded in this assembly; see docs/rules.md for its source, licence and size.
/// </summary>
public sealed class CommonPasswordList
{
    private const string ResourceName = "Signup.Core.Passwords.common-passwords.txt.gz";

    private static readonly Lazy<CommonPasswordList> Embedded = new(LoadEmbedded);

    // Sorted ordinally, lower-cased with CaseMapping, so that a lookup is one binary search.
    private readonly string[] _entries;

    /// <summary>Creates a list from entries as they would be typed; case does not matter.</summary>
    public CommonPasswordList(IEnumerable<string> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        _entries = entries.Select(Fold).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
    }

    private CommonPasswordList(string[] canonicalEntries) => _entries = canonicalEntries;

    /// <summary>The embedded list, read and decompressed once on first use.</summary>
    public static CommonPasswordList Default => Embedded.Value;

    /// <summary>The number of distinct entries.</summary>
    public int Count => _entries.Length;

    /// <summary>Returns true when the password equals an entry, ignoring case.</summary>
    public bool Contains(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        return Array.BinarySearch(_entries, Fold(password), StringComparer.Ordinal) >= 0;
    }

    private static string Fold(string text) => CaseMapping.ToLower(text);

    private static CommonPasswordList LoadEmbedded()
    {
        var entries = ReadEmbedded();

        // The generator writes the list folded, deduplicated and sorted, so the usual case skips folding and sorting
        // 44,000 entries, which took most of the function's start-up time. Any other file is still accepted.
        return IsCanonical(entries) ? new CommonPasswordList(entries.ToArray()) : new CommonPasswordList(entries);
    }

    /// <summary>Reads the embedded list's non-empty lines as they are stored.</summary>
    internal static List<string> ReadEmbedded()
    {
        using var resource = typeof(CommonPasswordList).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException(
                $"The embedded resource {ResourceName} is missing; the Signup.Core build must embed it.");
        using var gzip = new GZipStream(resource, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, new UTF8Encoding(false, throwOnInvalidBytes: true));
        var entries = new List<string>(capacity: 50_000);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0)
            {
                entries.Add(line);
            }
        }

        return entries;
    }

    /// <summary>Returns true when every entry is folded and the entries are strictly ascending in ordinal order.</summary>
    internal static bool IsCanonical(IReadOnlyList<string> entries)
    {
        for (var i = 0; i < entries.Count; i++)
        {
            if (!string.Equals(Fold(entries[i]), entries[i], StringComparison.Ordinal)
                || (i > 0 && string.CompareOrdinal(entries[i - 1], entries[i]) >= 0))
            {
                return false;
            }
        }

        return true;
    }
}
