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

        return new CommonPasswordList(entries);
    }
}
