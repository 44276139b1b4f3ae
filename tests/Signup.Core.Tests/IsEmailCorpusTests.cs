using System.Xml.Linq;

namespace Signup.Core.Tests;

/// <summary>
/// Runs every address of the is_email test set (TestData/isemail, version 3.05, BSD 3-Clause) through
/// the email rules. Valid and DNS-warning addresses must be accepted; quoted strings, address literals,
/// comments, folding white space, obsolete forms and errors must be rejected.
/// </summary>
public class IsEmailCorpusTests
{
    private static readonly string CorpusPath = Path.Combine(AppContext.BaseDirectory, "TestData", "isemail", "tests.xml");

    // CFWS tests whose only problem is a space before or after the address, which the rules trim.
    private static readonly HashSet<int> SurroundingSpaceOnly = [157, 158];

    // "test@io" is valid by RFC 5321, but the rules require a domain of two or more labels.
    private static readonly HashSet<int> SingleLabelDomain = [5];

    public static TheoryData<int, string, string> Cases()
    {
        var data = new TheoryData<int, string, string>();
        foreach (var test in XDocument.Load(CorpusPath).Root!.Elements("test"))
        {
            var id = int.Parse(test.Attribute("id")!.Value, System.Globalization.CultureInfo.InvariantCulture);
            data.Add(id, (string?)test.Element("address") ?? string.Empty, (string)test.Element("category")!);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Validate_IsEmailCase_MatchesCategory(int id, string address, string category)
    {
        var expected = ExpectAccepted(id, category);
        var errors = new List<FieldError>();

        var result = EmailRules.Validate(RestoreControlCharacters(address), errors);

        Assert.True(
            (result is not null) == expected,
            $"test {id} ({category}) expected {(expected ? "accepted" : "rejected")}, " +
            $"got {(result is null ? string.Join(",", errors.Select(e => e.Code)) : "accepted")}");
    }

    [Fact]
    public void Corpus_HasEveryTest()
    {
        Assert.Equal(164, Cases().Count);
    }

    private static bool ExpectAccepted(int id, string category) => category switch
    {
        "ISEMAIL_VALID_CATEGORY" or "ISEMAIL_DNSWARN" => !SingleLabelDomain.Contains(id),
        "ISEMAIL_CFWS" or "ISEMAIL_DEPREC" => SurroundingSpaceOnly.Contains(id),
        "ISEMAIL_RFC5321" or "ISEMAIL_RFC5322" or "ISEMAIL_ERR" => false,
        _ => throw new InvalidOperationException($"Unknown category {category} in test {id}."),
    };

    // The corpus writes control character n as U+2400 + n, because XML cannot hold most controls.
    private static string RestoreControlCharacters(string address) =>
        new(address.Select(c => c is >= '\u2400' and <= '\u241F' ? (char)(c - 0x2400) : c).ToArray());
}
