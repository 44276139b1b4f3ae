namespace Signup.Core.Tests;

public class EmailRulesTests
{
    // Input, expected stored address, expected key.
    public static TheoryData<string, string, string> Accepted => new()
    {
        { "ann@example.com", "ann@example.com", "ann@example.com" },
        { "  Ann@Example.COM\t", "Ann@Example.COM", "ann@example.com" },
        { "\u00A0ann@example.com\u3000", "ann@example.com", "ann@example.com" },
        { "first.last+tag@example.co.uk", "first.last+tag@example.co.uk", "first.last+tag@example.co.uk" },
        { "Ann@B\u00FCcher.example", "Ann@B\u00FCcher.example", "ann@xn--bcher-kva.example" },
        { "ann@xn--bcher-kva.example", "ann@xn--bcher-kva.example", "ann@xn--bcher-kva.example" },
        { "ann@\uFF25\uFF38\uFF21\uFF2D\uFF30\uFF2C\uFF25.com", "ann@\uFF25\uFF38\uFF21\uFF2D\uFF30\uFF2C\uFF25.com", "ann@example.com" },
        { "jose\u0301@example.com", "jose\u0301@example.com", "jos\u00E9@example.com" },
        { "\uFF26\uFF37\uFF2C@example.com", "\uFF26\uFF37\uFF2C@example.com", "fwl@example.com" }, // fullwidth ＦＷＬ
        { "\uFF76\uFF9E@example.com", "\uFF76\uFF9E@example.com", "\u30AC@example.com" },         // halfwidth ｶﾞ to ガ
        { "\uFB01le@example.com", "\uFB01le@example.com", "file@example.com" },                   // ligature ﬁ
        { "\u1D2Cnn@example.com", "\u1D2Cnn@example.com", "ann@example.com" },                    // modifier letter ᴬ
        { "\u212Bngstr\u00F6m@example.com", "\u212Bngstr\u00F6m@example.com", "\u00E5ngstr\u00F6m@example.com" }, // Ångström sign
        { "e\u0301\u0323mile@example.com", "e\u0301\u0323mile@example.com", "\u1EB9\u0301mile@example.com" }, // two marks on e
        { "\u0930\u093E\u0939\u0941\u0932@example.com", "\u0930\u093E\u0939\u0941\u0932@example.com", "\u0930\u093E\u0939\u0941\u0932@example.com" }, // Devanagari with marks
        { "\u00C4NN@example.com", "\u00C4NN@example.com", "\u00E4nn@example.com" },
        { "\u0130pek@example.com", "\u0130pek@example.com", "i\u0307pek@example.com" },
        { "\u7528\u6237@example.com", "\u7528\u6237@example.com", "\u7528\u6237@example.com" },
        { "!#$%&'*+-/=?^_`{|}~@example.com", "!#$%&'*+-/=?^_`{|}~@example.com", "!#$%&'*+-/=?^_`{|}~@example.com" },
        { "a@b.co", "a@b.co", "a@b.co" },
        { "user@123.example", "user@123.example", "user@123.example" },
        { new string('a', 64) + "@example.com", new string('a', 64) + "@example.com", new string('a', 64) + "@example.com" },
        { Repeat("e\u0301", 22) + "@example.com", Repeat("e\u0301", 22) + "@example.com", Repeat("\u00E9", 22) + "@example.com" },
        { Repeat("e\u0301", 32) + "@example.com", Repeat("e\u0301", 32) + "@example.com", Repeat("\u00E9", 32) + "@example.com" },
        { Repeat("e\u0301", 32) + "@" + LongDomain, Repeat("e\u0301", 32) + "@" + LongDomain, Repeat("\u00E9", 32) + "@" + LongDomain },
    };

    // 189 bytes, so that a 64-byte local part makes a 254-byte address.
    private static string LongDomain =>
        new string('b', 63) + "." + new string('c', 63) + "." + new string('d', 57) + ".com";

    public static TheoryData<string?, string> Rejected => new()
    {
        { null, "email_required" },
        { "", "email_required" },
        { " \t ", "email_required" },
        { "ann", "email_invalid_format" },
        { "ann@", "email_invalid_format" },
        { "@example.com", "email_invalid_format" },
        { "a@b@example.com", "email_invalid_format" },
        { "\"ann\"@example.com", "email_invalid_local_part" },
        { "ann(comment)@example.com", "email_invalid_local_part" },
        { "a..b@example.com", "email_invalid_local_part" },
        { ".ann@example.com", "email_invalid_local_part" },
        { "ann.@example.com", "email_invalid_local_part" },
        { "a b@example.com", "email_invalid_local_part" },
        { "ann\u200B@example.com", "email_invalid_local_part" },
        { "ann\U0001F600@example.com", "email_invalid_local_part" },
        { "ann\uFE0F@example.com", "email_invalid_local_part" },       // variation selector 16
        { "ann\u034F@example.com", "email_invalid_local_part" },       // combining grapheme joiner
        { "ann\u3164@example.com", "email_invalid_local_part" },       // Hangul filler
        { "ann\uFFA0@example.com", "email_invalid_local_part" },       // halfwidth Hangul filler
        { "ann\u115F@example.com", "email_invalid_local_part" },       // Hangul choseong filler
        { "ann\u1160@example.com", "email_invalid_local_part" },       // Hangul jungseong filler
        { "ann\u17B4@example.com", "email_invalid_local_part" },       // Khmer inherent vowel
        { "ann\u180B@example.com", "email_invalid_local_part" },       // Mongolian free variation selector
        { "ann\U000E0100@example.com", "email_invalid_local_part" },   // variation selector 17
        { "\u0301ann@example.com", "email_invalid_local_part" },       // mark at the start
        { "ann.\u0301b@example.com", "email_invalid_local_part" },     // mark on the dot
        { "ann+\u0338@example.com", "email_invalid_local_part" },      // mark on an ASCII symbol
        { "a=\u0338b@example.com", "email_invalid_local_part" },       // composes to ≠ in NFC
        { "ann\uFDFA@example.com", "email_invalid_local_part" },       // NFKC spells the ligature out with spaces
        { "\uFF9Eann@example.com", "email_invalid_local_part" },       // NFKC makes a combining mark of U+FF9E
        { new string('a', 65) + "@example.com", "email_local_part_too_long" },
        { new string('\u00E9', 33) + "@example.com", "email_local_part_too_long" },
        { Repeat("e\u0301", 33) + "@example.com", "email_local_part_too_long" },
        { Repeat("e\u0301", 32) + "@x." + LongDomain, "email_too_long" },
        { "ann@localhost", "email_invalid_domain" },
        { "ann@example.123", "email_invalid_domain" },
        { "ann@192.0.2.1", "email_invalid_domain" },
        { "ann@[192.0.2.1]", "email_invalid_domain" },
        { "ann@[IPv6:2001:db8::1]", "email_invalid_domain" },
        { "ann@exa_mple.com", "email_invalid_domain" },
        { "ann@-example.com", "email_invalid_domain" },
        { "ann@example-.com", "email_invalid_domain" },
        { "ann@example..com", "email_invalid_domain" },
        { "ann@example.com.", "email_invalid_domain" },
        { "ann@.example.com", "email_invalid_domain" },
        { "ann@" + new string('a', 64) + ".com", "email_invalid_domain" },
        { "ann@example.com\n", "email_invalid_domain" },
        { "ann@exa mple.com", "email_invalid_domain" },
        { new string('a', 64) + "@" + string.Join('.', Enumerable.Repeat(new string('b', 63), 3)) + ".com", "email_too_long" },
        { new string('a', 2000) + "@example.com", "email_too_long" },
        { "\uD800nn@example.com", "email_invalid_encoding" },
        { "ann\uFFFE@example.com", "email_invalid_encoding" },
    };

    [Theory]
    [MemberData(nameof(Accepted))]
    public void Validate_Accepted_ReturnsAddressAndKey(string email, string expectedAddress, string expectedKey)
    {
        var errors = new List<FieldError>();

        var result = EmailRules.Validate(email, errors);

        Assert.Empty(errors);
        Assert.NotNull(result);
        Assert.Equal(expectedAddress, result.Address);
        Assert.Equal(expectedKey, result.Key);
    }

    [Theory]
    // Lone surrogates do not survive the serialization of discovered cases, so the table is read at run time.
    [MemberData(nameof(Rejected), DisableDiscoveryEnumeration = true)]
    public void Validate_Rejected_ReportsCode(string? email, string expectedCode)
    {
        var errors = new List<FieldError>();

        var result = EmailRules.Validate(email, errors);

        Assert.Null(result);
        Assert.Contains(expectedCode, errors.Select(e => e.Code));
        Assert.All(errors, e => Assert.Equal(FieldNames.Email, e.Field));
    }

    [Theory]
    [InlineData("ann\uFE0F@example.com")]
    [InlineData("ann\u034F@example.com")]
    [InlineData("ann\u3164@example.com")]
    [InlineData("ann\uFFA0@example.com")]
    public void Validate_InvisibleCharacterAfterName_OnlyLocalPartError(string email)
    {
        var errors = new List<FieldError>();

        var result = EmailRules.Validate(email, errors);

        Assert.Null(result);
        Assert.Equal(["email_invalid_local_part"], errors.Select(e => e.Code));
    }

    [Fact]
    public void Validate_UnicodeAndPunycodeDomain_Collide()
    {
        var unicode = EmailRules.Validate("Ann@B\u00FCcher.example", []);
        var ascii = EmailRules.Validate("ann@xn--bcher-kva.example", []);

        Assert.NotNull(unicode);
        Assert.Equal(ascii?.Key, unicode.Key);
    }

    [Fact]
    public void Validate_FullwidthLocalPart_CollidesWithAscii()
    {
        var fullwidth = EmailRules.Validate("\uFF26\uFF37\uFF2C@example.com", []);
        var ascii = EmailRules.Validate("fwl@example.com", []);

        Assert.NotNull(fullwidth);
        Assert.Equal(ascii?.Key, fullwidth.Key);
        Assert.Equal("\uFF26\uFF37\uFF2C@example.com", fullwidth.Address);
        Assert.Equal("\uFF26\uFF37\uFF2C", fullwidth.LocalPart);
    }

    [Theory]
    [MemberData(nameof(Accepted))]
    public void EmailKey_Accepted_MatchesValidateAndIsStable(string email, string expectedAddress, string expectedKey)
    {
        var result = EmailRules.Validate(email, [])!;
        var domain = expectedKey[(expectedKey.LastIndexOf('@') + 1)..];
        var mappedLocalPart = expectedKey[..expectedKey.LastIndexOf('@')];

        Assert.Equal(expectedAddress, result.Address);
        Assert.Equal(expectedKey, KeyNormalizer.EmailKey(result.LocalPart, domain));
        Assert.Equal(expectedKey, KeyNormalizer.EmailKey(mappedLocalPart, domain));
    }

    [Fact]
    public void Validate_PlusAndDots_KeptInKey()
    {
        var plain = EmailRules.Validate("firstlast@example.com", []);
        var tagged = EmailRules.Validate("first.last+news@example.com", []);

        Assert.NotEqual(plain?.Key, tagged?.Key);
        Assert.Equal("first.last+news@example.com", tagged?.Key);
    }

    [Theory]
    [MemberData(nameof(Accepted))]
    public void Validate_Accepted_KeyAndAddressGiveSameKey(string email, string expectedAddress, string expectedKey)
    {
        var key = EmailRules.Validate(email, [])!.Key;

        Assert.Equal(expectedKey, EmailRules.Validate(key, [])?.Key);
        Assert.Equal(expectedKey, EmailRules.Validate(expectedAddress, [])?.Key);
    }

    [Fact]
    public void Validate_DecomposedAccents_CountedAsComposed()
    {
        var errors = new List<FieldError>();

        var decomposed = EmailRules.Validate(Repeat("e\u0301", 22) + "@example.com", errors);
        var composed = EmailRules.Validate(Repeat("\u00E9", 22) + "@example.com", []);

        Assert.Empty(errors);
        Assert.NotNull(decomposed);
        Assert.Equal(composed?.Key, decomposed.Key);
    }

    [Fact]
    public void Validate_TurkishCulture_KeyUnchanged()
    {
        using var scope = new CultureScope("tr-TR");

        Assert.Equal("info@example.com", EmailRules.Validate("INFO@EXAMPLE.COM", [])?.Key);
    }

    private static string Repeat(string text, int count) => string.Concat(Enumerable.Repeat(text, count));
}
