using System.Text;
using System.Text.Json.Nodes;
using Signup.Testing;

namespace Signup.Reliability.Tests.Support;

/// <summary>One request of the malformed corpus: a name for failure messages and the parts to send.</summary>
/// <param name="Category">Which kind of fault the request carries, for the figures.</param>
/// <param name="Name">A short description that distinguishes the case from the others.</param>
/// <param name="Body">The exact bytes of the body.</param>
/// <param name="ContentType">The Content-Type value, sent without validation, or null for none.</param>
/// <param name="Headers">Further headers, sent without validation.</param>
public sealed record MalformedRequest(
    string Category,
    string Name,
    byte[] Body,
    string? ContentType,
    IReadOnlyList<(string Name, string Value)> Headers)
{
    public HttpRequestMessage ToHttpRequest()
    {
        var content = new ByteArrayContent(Body);
        if (ContentType is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
        }

        var request = new HttpRequestMessage(HttpMethod.Post, "/createUser") { Content = content };
        foreach (var (name, value) in Headers)
        {
            if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return request;
    }

    public override string ToString() => $"{Category}: {Name}";
}

/// <summary>
/// Requests to <c>POST /createUser</c> that must each get a 4xx problem and store nothing: broken JSON, wrong media
/// types and charsets, wrong field types, oversized fields, hostile Unicode, odd header values, and random byte-level
/// mutations of a body. No request in the corpus can register a user: every body either is not a JSON object of three
/// strings or leaves at least one field empty, and a single mutated byte cannot fill two empty fields.
/// </summary>
public static class MalformedRequests
{
    private const string Json = "application/json";

    /// <summary>A body whose three fields are all empty: invalid however one byte of it changes.</summary>
    private static readonly string EmptyFields = """{"username":"","email":"","password":""}""";

    /// <summary>
    /// Header values that the function must tolerate (or reject with a 4xx) on a request that is invalid anyway. Add a
    /// header the function starts to read, and its malformed values, here.
    /// </summary>
    public static readonly IReadOnlyList<(string Name, string Value)> OddHeaders =
    [
        ("Accept", "text/html"),
        ("Accept", "application/xml;q=0"),
        ("Accept-Charset", "ebcdic"),
        ("Content-Encoding", "gzip"),
        ("Content-Encoding", "br, identity, x-unknown"),
        ("Content-Language", "xx-INVALID-@@"),
        ("Origin", "null"),
        ("Origin", "https://attacker.example"),
        ("Authorization", "Bearer not-a-token"),
        ("Cookie", "session=; ;;=; a"),
        ("X-Forwarded-For", "not-an-address, ::::, 999.1.1.1"),
        ("X-Amzn-Trace-Id", "Root=garbage"),
        ("User-Agent", new string('u', 8000)),
        ("Idempotency-Key", ""),
        ("Idempotency-Key", " "),
        ("Idempotency-Key", new string('k', 4096)),
        ("Idempotency-Key", "a,b"),
        ("Idempotency-Key", "\"quoted\""),
        ("Idempotency-Key", "\t"),
    ];

    /// <summary>Content-Type values that are not <c>application/json</c>, or not a valid media type at all.</summary>
    private static readonly string?[] WrongContentTypes =
    [
        null, "", " ", "text/plain", "text/json", "application/xml", "text/html", "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x", "application/octet-stream", "application/jsonx", "application/json-seq",
        "application/problem+json", "application/vnd.api+json", "application/merge-patch+json", "json", "*/*",
        "application/*", "application /json", "application/json, text/plain", "application", "/json", ";",
        "application/json\"", "\"application/json\"",
    ];

    private static readonly string[] BrokenJson =
    [
        "", " ", "\r\n\t", "{", "}", "[]", "[", "null", "true", "0", "\"text\"", "{}", "{,}", "{\"username\"}",
        "{\"username\":}", "{\"username\":\"a\",}", "{'username':'a'}", "{username:\"a\"}", "{\"username\":\"a\"",
        "{\"username\":\"a\"}}", "{\"username\":\"a\"} trailing", "{\"username\":NaN}", "{\"username\":Infinity}",
        "{\"username\":undefined}", "{/* comment */\"username\":\"a\"}", "{\"username\":\"a\" // comment\n}",
        "{\"username\":\"\\x41\"}", "{\"username\":\"\\u12\"}", "{\"username\":\"\\ud800\"}", "{\"username\":\"\\udc00\\ud800\"}",
        "{\"username\":\"tab\there\"}", "{\"username\":\"line\nbreak\"}", "{\"a\":1,\"a\":2}",
        "{\"username\":\"a\",\"username\":\"b\",\"email\":\"\",\"password\":\"\"}",
        "{\"username\":\"\",\"Username\":\"x\",\"email\":\"\",\"password\":\"\"}",
        "{\"username\":\"\",\"email\":\"\",\"password\":\"\",\"extra\":1}", "\uFEFF", "\uFEFF\uFEFF{}",
        "{\"username\":\"\",\"email\":\"\",\"password\":\"\"}\u0000", "\u0000{}", "{\"\u0000\":\"\"}",
        new string('[', 10_000) + new string(']', 10_000), new string('{', 5_000), "{\"a\":" + new string('[', 100) + "1" + new string(']', 100) + "}",
        "{\"username\":" + new string('9', 5_000) + "}", "{\"username\":1e999999}", "{\"username\":-0.0e-0}",
    ];

    /// <summary>Values that no field can hold as a string.</summary>
    private static readonly string[] WrongTypes =
    [
        "1", "-1", "0.5", "1e400", "true", "false", "null", "[]", "[\"a\"]", "{}", "{\"value\":\"a\"}", "[[[[[]]]]]",
    ];

    /// <summary>String values that break the rules: controls, lone surrogates, marks, odd spaces, bidi and more.</summary>
    private static readonly string[] HostileStrings =
    [
        "\u0000\u0000\u0000", "a\u0000b", "\u0007bell", "\u001B[31mred", "\u007F\u0080\u009F", "\uD800", "a\uDC00b",
        "\u0301\u0301\u0301\u0301\u0301\u0301", "e" + new string('\u0301', 50), "\u200B\u200B\u200B", "\u202Eevil\u202C",
        "\uFEFFbom", "\uFFFE\uFFFF", "\u2028\u2029", "   ", "\u00A0\u00A0\u00A0", "\u3000\u3000\u3000", "\uFDD0abc",
        "\U0001F600\U0001F600\U0001F600", "\U000E0041tag", "ǅǅǅ", "ﬃ", "ﷺ", "İ", "Ⅻ", "\u0130\u0131",
        "a@b", "@example.com", "user@", "a@@b.example", "\"quoted\"@example.com", "user@[127.0.0.1]", "a@-b.example",
        "a@b..example", "user@example.com\r\nBcc: x@example.com", "<script>alert(1)</script>", "'; DROP TABLE users; --",
        "${jndi:ldap://127.0.0.1/a}", "%00%0d%0a", "../../../../etc/passwd", "CON", "password", "123456",
    ];

    /// <summary>Returns the whole corpus: about 300 fixed cases, then seeded mutations up to <paramref name="count"/>.</summary>
    public static IReadOnlyList<MalformedRequest> Create(int count, int seed = 20_260_101)
    {
        var corpus = new List<MalformedRequest>();
        corpus.AddRange(WrongContentTypes.Select(type => Case("content-type", $"Content-Type '{type}'", EmptyFields, type)));
        corpus.AddRange(BrokenJson.Select(json => Case("json", Shorten(json), json)));
        corpus.AddRange(Charsets());
        foreach (var field in new[] { "username", "email", "password" })
        {
            corpus.AddRange(WrongTypes.Select(value => Case("field-type", $"{field} = {value}", BodyWith(field, value))));
            corpus.AddRange(HostileStrings.Select(value =>
                Case("unicode", $"{field} = {Shorten(value)}", Body(field == "username" ? value : "", field == "email" ? value : "", field == "password" ? value : ""))));
            corpus.AddRange(Oversized(field));
        }

        corpus.AddRange(OddHeaders.Select(header =>
            Case("header", $"{header.Name}: {Shorten(header.Value)}", EmptyFields, Json, [header])));

        var random = new Random(seed);
        for (var i = corpus.Count; i < count; i++)
        {
            corpus.Add(Mutate(random, i));
        }

        return corpus;
    }

    /// <summary>
    /// A registration that would be valid in UTF-8, sent in other encodings by the charset cases: it must be rejected,
    /// not mangled into another account.
    /// </summary>
    public static Registration CharsetRegistration { get; } =
        Registration.Create("charset") with { Password = "café au lait très bien" };

    private static IEnumerable<MalformedRequest> Charsets()
    {
        // Written with the accents as they are, not as \u escapes, so that the encodings differ from UTF-8.
        var json = HostileText.Object(CharsetRegistration.Username, CharsetRegistration.Email, CharsetRegistration.Password);
        var latin1 = Encoding.Latin1.GetBytes(json);
        yield return Case("charset", "Latin-1 body, charset=iso-8859-1", latin1, Json + "; charset=iso-8859-1");
        yield return Case("charset", "Latin-1 body, no charset", latin1, Json);
        yield return Case("charset", "UTF-16LE body with BOM", [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(json)], Json + "; charset=utf-16");
        yield return Case("charset", "UTF-16LE body without BOM", Encoding.Unicode.GetBytes(json), Json + "; charset=utf-16le");
        yield return Case("charset", "UTF-16BE body", Encoding.BigEndianUnicode.GetBytes(json), Json + "; charset=utf-16be");
        yield return Case("charset", "UTF-32 body", Encoding.UTF32.GetBytes(json), Json + "; charset=utf-32");
        yield return Case("charset", "overlong slash", [.. "{\"username\":\""u8, 0xC0, 0xAF, .. "\"}"u8], Json);
        yield return Case("charset", "CESU-8 surrogate", [.. "{\"username\":\""u8, 0xED, 0xA0, 0x80, .. "\"}"u8], Json);
        yield return Case("charset", "truncated sequence", [.. "{\"username\":\""u8, 0xE2, 0x82, .. "\"}"u8], Json);
        yield return Case("charset", "byte 0xFF", [.. "{\"username\":\""u8, 0xFF, .. "\"}"u8], Json);
        yield return Case("charset", "code point above U+10FFFF", [.. "{\"username\":\""u8, 0xF4, 0x90, 0x80, 0x80, .. "\"}"u8], Json);
        yield return Case("charset", "UTF-8 body, charset=ebcdic", EmptyFields, Json + "; charset=ebcdic");
        yield return Case("charset", "UTF-8 body, empty charset", EmptyFields, Json + "; charset=");
    }

    private static IEnumerable<MalformedRequest> Oversized(string field)
    {
        foreach (var length in new[] { 1_000, 16 * 1024, 100_000, 1_000_000 })
        {
            var value = new string('x', length);
            yield return Case("oversized", $"{field} of {length} characters", BodyWith(field, "\"" + value + "\""));
        }

        yield return Case("oversized", $"{field} of 10,000 emoji", BodyWith(field, "\"" + string.Concat(Enumerable.Repeat("\U0001F600", 10_000)) + "\""));
        yield return Case("oversized", $"{field} of 20,000 combining marks", BodyWith(field, "\"a" + new string('\u0301', 20_000) + "\""));
    }

    // Changes one random byte of a body (delete, insert, replace or cut) of one of a few invalid bodies.
    private static MalformedRequest Mutate(Random random, int index)
    {
        string[] bases = [EmptyFields, BodyWith("password", "1"), """{"username":"","email":"a@b","password":[]}"""];
        var bytes = Encoding.UTF8.GetBytes(bases[random.Next(bases.Length)]).ToList();
        var position = random.Next(bytes.Count);
        var value = (byte)random.Next(256);
        var operation = random.Next(4);
        switch (operation)
        {
            case 0:
                bytes.RemoveAt(position);
                break;
            case 1:
                bytes.Insert(position, value);
                break;
            case 2:
                bytes[position] = value;
                break;
            default:
                bytes.RemoveRange(position, bytes.Count - position);
                break;
        }

        string[] operations = ["delete", "insert", "replace", "cut"];
        return Case("mutation", $"#{index}: {operations[operation]} at {position} (0x{value:X2})", [.. bytes], Json);
    }

    private static string Body(string username, string email, string password) =>
        new JsonObject { ["username"] = username, ["email"] = email, ["password"] = password }.ToJsonString();

    // A body whose other two fields are empty strings and whose named field is the raw JSON value.
    private static string BodyWith(string field, string rawValue)
    {
        var fields = new[] { "username", "email", "password" }
            .Select(name => $"\"{name}\":{(name == field ? rawValue : "\"\"")}");
        return "{" + string.Join(",", fields) + "}";
    }

    private static MalformedRequest Case(
        string category, string name, string body, string? contentType = Json, IReadOnlyList<(string, string)>? headers = null) =>
        Case(category, name, Encoding.UTF8.GetBytes(body), contentType, headers);

    private static MalformedRequest Case(
        string category, string name, byte[] body, string? contentType, IReadOnlyList<(string, string)>? headers = null) =>
        new(category, name, body, contentType, headers ?? []);

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
