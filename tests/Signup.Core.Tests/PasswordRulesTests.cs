using System.Diagnostics;

namespace Signup.Core.Tests;

public class PasswordRulesTests
{
    private static readonly PasswordRules Rules = new(CommonPasswordList.Default);

    // Password, expected prepared password.
    public static TheoryData<string, string> Accepted => new()
    {
        { "Tr0ub4dor&3-and-more", "Tr0ub4dor&3-and-more" },
        { "correct horse battery staple", "correct horse battery staple" },
        { "  leading and trailing spaces stay  ", "  leading and trailing spaces stay  " },
        { "pass\u00A0phrase\u3000with spaces", "pass phrase with spaces" },  // non-ASCII spaces become U+0020
        { "cafe\u0301 au lait please", "caf\u00E9 au lait please" },          // NFC
        { "\uFF26\uFF35\uFF2C\uFF2C-width-kept", "\uFF26\uFF35\uFF2C\uFF2C-width-kept" }, // no width mapping
        { "\U0001F512\U0001F511 my vault 2024!", "\U0001F512\U0001F511 my vault 2024!" },
        { string.Concat(Enumerable.Repeat("\U0001F600", 12)), string.Concat(Enumerable.Repeat("\U0001F600", 12)) },
        { "\U0001F468\u200D\U0001F469\u200D\U0001F467 family time", "\U0001F468\u200D\U0001F469\u200D\U0001F467 family time" },
        { "\u30D1\u30B9\u30EF\u30FC\u30C9\u306F\u3068\u3066\u3082\u9577\u3044\u3067\u3059", "\u30D1\u30B9\u30EF\u30FC\u30C9\u306F\u3068\u3066\u3082\u9577\u3044\u3067\u3059" },
        { "\u05E1\u05D9\u05E1\u05DE\u05D4 \u05D0\u05E8\u05D5\u05DB\u05D4 \u05DE\u05D0\u05D5\u05D3", "\u05E1\u05D9\u05E1\u05DE\u05D4 \u05D0\u05E8\u05D5\u05DB\u05D4 \u05DE\u05D0\u05D5\u05D3" },
        { new string('x', 11) + "y", new string('x', 11) + "y" },
        { new string('z', 127) + "q", new string('z', 127) + "q" },
    };

    public static TheoryData<string?, string> Rejected => new()
    {
        { null, "password_required" },
        { "", "password_required" },
        { "short", "password_too_short" },
        { new string('x', 11), "password_too_short" },
        { string.Concat(Enumerable.Repeat("\U0001F600", 11)), "password_too_short" }, // 22 UTF-16 units, 11 code points
        { new string('z', 129), "password_too_long" },
        { string.Concat(Enumerable.Repeat("\U0001F600", 129)), "password_too_long" },
        { "abcdefghijklmn\0", "password_control_character" },
        { "abcdefghijklmn\t", "password_control_character" },
        { "abcdefghij\r\nklmn", "password_control_character" },
        { "abcdefghijklmn\u007F", "password_control_character" },
        { "abcdefghijklmn\u0085", "password_control_character" },
        { "password1234", "password_too_common" },
        { "PassWord1234", "password_too_common" },
        { "QWERTYUIOPASDFGHJKL", "password_too_common" },
        { "abcdefghij\uD800klm", "password_invalid_encoding" },
        { "\uDC00abcdefghijklm", "password_invalid_encoding" },
        { "abcdefghijklm\uFFFE", "password_invalid_encoding" },
    };

    [Theory]
    [MemberData(nameof(Accepted))]
    public void Validate_Accepted_ReturnsPreparedPassword(string password, string expected)
    {
        var errors = new List<FieldError>();

        var prepared = Rules.Validate(password, "someone", "someone", errors);

        Assert.Empty(errors);
        Assert.Equal(expected, prepared);
    }

    [Theory]
    // Lone surrogates do not survive the serialization of discovered cases, so the table is read at run time.
    [MemberData(nameof(Rejected), DisableDiscoveryEnumeration = true)]
    public void Validate_Rejected_ReportsCode(string? password, string expectedCode)
    {
        var errors = new List<FieldError>();

        var prepared = Rules.Validate(password, "someone", "someone", errors);

        Assert.Null(prepared);
        Assert.Contains(expectedCode, errors.Select(e => e.Code));
        Assert.All(errors, e => Assert.Equal(FieldNames.Password, e.Field));
    }

    [Theory]
    [InlineData("alice", "my-name-is-alice-2024")]
    [InlineData("ALICE", "xxalicexxxxxxxxx")]
    [InlineData("alice", "xxALICExxxxxxxxx")]
    [InlineData("\uFF41\uFF4C\uFF49\uFF43\uFF45", "xxalicexxxxxxxxx")]
    [InlineData("alice", "xx\uFF21\uFF2C\uFF29\uFF23\uFF25xxxxxxxxx")]
    [InlineData("J\u00F6rg", "xxjo\u0308rgxxxxxxxxx")]
    public void Validate_ContainsUsername_Rejected(string username, string password)
    {
        var errors = new List<FieldError>();

        Rules.Validate(password, username, null, errors);

        Assert.Equal(["password_contains_username"], errors.Select(e => e.Code));
    }

    [Fact]
    public void Validate_ContainsUsername_UnderTurkishCulture()
    {
        using var scope = new CultureScope("tr-TR");
        var errors = new List<FieldError>();

        Rules.Validate("my-secret-IRMAK-99", "irmak", null, errors);

        Assert.Equal(["password_contains_username"], errors.Select(e => e.Code));
    }

    [Fact]
    public void Validate_ShortUsernameInside_Accepted()
    {
        var errors = new List<FieldError>();

        Rules.Validate("bob-the-builder-99", "bob", "bob", errors);

        Assert.Empty(errors);
    }

    [Fact]
    public void Validate_ContainsEmailLocalPart_Rejected()
    {
        var errors = new List<FieldError>();

        Rules.Validate("secret-Johnny-2024", "someone", "johnny", errors);

        Assert.Equal(["password_contains_email"], errors.Select(e => e.Code));
    }

    [Theory]
    [InlineData('a')]
    [InlineData('\u00E9')]
    public void Validate_OneMegabyte_RejectedQuickly(char filler)
    {
        var password = new string(filler, 1 << 20);
        var errors = new List<FieldError>();
        var stopwatch = Stopwatch.StartNew();

        var prepared = Rules.Validate(password, "someone", "someone", errors);

        Assert.Null(prepared);
        Assert.Equal(["password_too_long"], errors.Select(e => e.Code));
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(1), $"took {stopwatch.Elapsed}");
    }

    [Fact]
    public void Validate_OneMegabyteOfEmoji_Rejected()
    {
        var password = string.Concat(Enumerable.Repeat("\U0001F600", 1 << 19));
        var errors = new List<FieldError>();

        Rules.Validate(password, null, null, errors);

        Assert.Equal(["password_too_long"], errors.Select(e => e.Code));
    }

    [Fact]
    public void Validate_SeveralProblems_ReportsEach()
    {
        var errors = new List<FieldError>();

        Rules.Validate("alice\0", "alice", null, errors);

        Assert.Contains(RegistrationErrors.PasswordTooShort, errors);
        Assert.Contains(RegistrationErrors.PasswordControlCharacter, errors);
        Assert.Contains(RegistrationErrors.PasswordContainsUsername, errors);
    }

    [Fact]
    public void Prepare_NeverTrimsOrTruncates()
    {
        var password = " " + new string('k', 500) + " ";

        Assert.Equal(password, PasswordRules.Prepare(password));
    }
}
