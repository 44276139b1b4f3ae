using System.Text;
using CsCheck;

namespace Signup.Testing;

/// <summary>
/// CsCheck generators of hostile input: random Unicode with lone surrogates, controls, combining marks and
/// supplementary characters, empty and huge strings, and JSON that is almost valid, has wrong types, repeats keys or
/// nests deeply.
/// </summary>
public static class HostileText
{
    /// <summary>One UTF-16 string of a single character class, or a mix.</summary>
    private static readonly Gen<string> Piece = Gen.Frequency(
        (4, Gen.String[Gen.Char['a', 'z'], 1, 12]),
        (2, Gen.String[Gen.Char, 1, 8]),
        (2, Gen.String[Gen.Char['\0', '\u001F'], 1, 4]),
        (2, Gen.String[Gen.Char['\u0300', '\u036F'], 1, 8]),
        (2, Gen.String[Gen.Char['\uD800', '\uDFFF'], 1, 3]),
        (2, Gen.Int[0x10000, 0x10FFFF].Select(char.ConvertFromUtf32)),
        (1, Gen.String[Gen.Char["\u00A0\u2000\u200B\u200D\u202E\u2028\u3000\uFEFF\uFFFD\uFFFE\uFFFF"], 1, 4]),
        (1, Gen.String[Gen.Char["ＡＢｃ１２ｶﾞ"], 1, 6]),
        (1, Gen.String[Gen.Char["@.-_+\"\\ '[]()<>,;:"], 1, 4]),
        (2, Gen.String[Gen.Char['\u0100', '\u2FFF'], 1, 8]));

    /// <summary>Strings made of a few pieces, sometimes empty, rarely huge.</summary>
    public static readonly Gen<string> String = Gen.Frequency(
        (1, Gen.Const("")),
        (20, Piece.Array[1, 5].Select(pieces => string.Concat(pieces))),
        (1, Gen.Int[1_000, 40_000].Select(length => new string('x', length))),
        (1, Gen.Int[100, 5_000].Select(length => "a" + new string('\u0301', length))));

    /// <summary>Plausible usernames: letters, digits and separators, sometimes with a hostile piece.</summary>
    public static readonly Gen<string> Username = Gen.Frequency(
        (4, Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyzABCXYZ0123456789._-éßİıǅ"], 1, 34]),
        (1, Gen.Select(Gen.String[Gen.Char['a', 'z'], 2, 10], Piece, (name, piece) => name + piece)));

    /// <summary>Plausible email addresses, with Unicode and IDN parts, and broken ones.</summary>
    public static readonly Gen<string> Email = Gen.Frequency(
        (4, Gen.Select(
            Gen.String[Gen.Char["abcxyzABC0129._+-éü"], 1, 20],
            Gen.OneOf("example.com", "bücher.example", "EXAMPLE.ORG", "xn--bcher-kva.example", "sub.domain.example", "a.b"),
            (local, domain) => local + "@" + domain)),
        (2, Gen.Select(Piece, Piece, Gen.OneOf("@", "@@", "", " @ "), (local, domain, at) => local + at + domain)));

    /// <summary>Plausible passwords of a few words, and hostile ones.</summary>
    public static readonly Gen<string> Password = Gen.Frequency(
        (3, Gen.String[Gen.Char['a', 'z'], 3, 9].Array[2, 5].Select(words => string.Join(' ', words))),
        (2, String));

    /// <summary>A JSON value of any type, nested up to a few levels.</summary>
    public static readonly Gen<string> JsonValue = Gen.Recursive<string>((depth, value) => depth >= 3
        ? Leaf
        : Gen.Frequency(
            (6, Leaf),
            (1, value.Array[0, 3].Select(items => "[" + string.Join(",", items) + "]")),
            (1, Gen.Select(String, value).Array[0, 3].Select(members =>
                "{" + string.Join(",", members.Select(member => Quote(member.Item1) + ":" + member.Item2)) + "}"))));

    /// <summary>
    /// Request bodies: three string fields, fields of wrong types, duplicate and unknown keys, deep nesting, random text,
    /// and JSON with one character changed.
    /// </summary>
    public static readonly Gen<string> Body = Gen.Frequency(
        (4, Gen.Select(Username, Email, Password, (username, email, password) => Object(username, email, password))),
        (2, Gen.Select(JsonValue, JsonValue, JsonValue, (username, email, password) =>
            $"{{\"username\":{username},\"email\":{email},\"password\":{password}}}")),
        (1, Gen.Select(String, String, Gen.OneOf("username", "email", "password", "Username", "extra", ""), (first, second, key) =>
            $"{{\"username\":{Quote(first)},\"email\":\"\",\"password\":\"\",{Quote(key)}:{Quote(second)}}}")),
        (1, Gen.Int[1, 3_000].Select(depth => new string('[', depth) + new string(']', depth))),
        (1, Gen.Int[1, 3_000].Select(depth => string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth))),
        (1, String),
        (3, Gen.Select(Username, Email, Password, Gen.Int[0, 1_000], Gen.Char, Gen.Int[0, 3], AlmostValid)));

    /// <summary>
    /// Quotes <paramref name="text"/> as a JSON string. Quotes, backslashes, controls and every UTF-16 surrogate become
    /// <c>\uXXXX</c> escapes, so that a lone surrogate reaches the parser as it was generated.
    /// </summary>
    public static string Quote(string text)
    {
        var builder = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            if (c is '"' or '\\' || c < ' ' || char.IsSurrogate(c))
            {
                builder.Append(@"\u").Append(((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.Append('"').ToString();
    }

    /// <summary>Returns a JSON object with the three registration fields.</summary>
    public static string Object(string username, string email, string password) =>
        $"{{\"username\":{Quote(username)},\"email\":{Quote(email)},\"password\":{Quote(password)}}}";

    private static Gen<string> Leaf => Gen.Frequency(
        (3, String.Select(Quote)),
        (1, Gen.OneOf("true", "false", "null", "0", "-1", "1e400", "0.5", "NaN", "\"\"")));

    // Deletes, inserts, replaces or cuts one character of a valid body.
    private static string AlmostValid(string username, string email, string password, int position, char value, int operation)
    {
        var body = Object(username, email, password);
        var index = position % body.Length;
        return operation switch
        {
            0 => body.Remove(index, 1),
            1 => body.Insert(index, value.ToString()),
            2 => body.Remove(index, 1).Insert(index, value.ToString()),
            _ => body[..index],
        };
    }
}
