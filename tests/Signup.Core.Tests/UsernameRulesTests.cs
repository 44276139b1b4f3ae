using System.Text;

namespace Signup.Core.Tests;

public class UsernameRulesTests
{
    // Input, expected key. Escapes keep invisible and combining characters visible in the source.
    public static TheoryData<string, string> Accepted => new()
    {
        { "alice", "alice" },
        { "Alice", "alice" },
        { "J.R-R_Tolkien", "j.r-r_tolkien" },
        { "user123", "user123" },
        { "123abc", "123abc" },
        { "abc", "abc" },
        { new string('a', 32), new string('a', 32) },
        { "\uFF21\uFF22\uFF23", "abc" },                       // fullwidth ＡＢＣ
        { "\uFF41\uFF42\uFF43\uFF11\uFF12\uFF13", "abc123" },  // fullwidth letters and digits
        { "\uFF76\uFF80\uFF76\uFF85", "\u30AB\u30BF\u30AB\u30CA" }, // halfwidth katakana to カタカナ
        { "e\u0301mile", "\u00E9mile" },                       // NFD é
        { "\u00C9mile", "\u00E9mile" },                        // NFC É
        { "Stra\u00DFe", "stra\u00DFe" },                      // ß stays ß (RFC 8265 keeps it apart from ss)
        { "\u03A3\u03A9\u039A\u03A1\u0391\u03A4\u0397\u03A3", "\u03C3\u03C9\u03BA\u03C1\u03B1\u03C4\u03B7\u03C3" },
        { "\u0130stanbul", "i\u0307stanbul" },                 // İ lower-cases to i + combining dot above
        { "\u0131rmak", "\u0131rmak" },                        // dotless ı is already lower case
        { "IRMAK", "irmak" },
        { "\u0414\u043C\u0438\u0442\u0440\u0438\u0439", "\u0434\u043C\u0438\u0442\u0440\u0438\u0439" }, // Дмитрий
        { "\u05E9\u05DC\u05D5\u05DD", "\u05E9\u05DC\u05D5\u05DD" },             // Hebrew שלום
        { "\u05D3\u05D5\u05D3_2024", "\u05D3\u05D5\u05D3_2024" },               // Hebrew with ASCII digits
        { "\u0645\u062D\u0645\u062F", "\u0645\u062D\u0645\u062F" },             // Arabic محمد
        { "\u0639\u0644\u064A\u0661\u0662", "\u0639\u0644\u064A\u0661\u0662" }, // Arabic with Arabic-Indic digits
        { "\u7530\u4E2D\u3055\u304F\u3089", "\u7530\u4E2D\u3055\u304F\u3089" }, // 田中さくら, Han + Hiragana
        { "\u5C71\u7530\u30BF\u30ED\u30A6", "\u5C71\u7530\u30BF\u30ED\u30A6" }, // 山田タロウ, Han + Katakana
        { "\u30E9\u30FC\u30E1\u30F3", "\u30E9\u30FC\u30E1\u30F3" },             // ラーメン with the prolonged sound mark
        { "\uAE40\uCCA0\uC218", "\uAE40\uCCA0\uC218" },                         // 김철수
        { "\u1100\u1175\u11B7\u110E\u1165\u11AF\u1109\u116E", "\uAE40\uCCA0\uC218" }, // 김철수 as conjoining jamo
        { "\u738B\u5C0F\u660E", "\u738B\u5C0F\u660E" },                         // 王小明
        { "\u0930\u093E\u0939\u0941\u0932", "\u0930\u093E\u0939\u0941\u0932" }, // राहुल, Devanagari with marks
        { "\u0E2A\u0E21\u0E0A\u0E32\u0E22", "\u0E2A\u0E21\u0E0A\u0E32\u0E22" }, // สมชาย
        { "Vi\u1EC7t", "vi\u1EC7t" },                         // Việt, two marks on ệ in NFD
        { "Ng\u1ECDc", "ng\u1ECDc" },                         // Ngọc
        { "ba\u0301\u0302\u0303\u0304", "b\u00E1\u0302\u0303\u0304" }, // four different marks in a row
        { "\u05E9\u05C1\u05B8\u05DC\u05D5\u05B9\u05DD", "\u05E9\u05B8\u05C1\u05DC\u05D5\u05B9\u05DD" }, // pointed שָׁלוֹם
        { "\u0456\u0432\u0430\u043D", "\u0456\u0432\u0430\u043D" },     // Ukrainian іван, soft-dotted і
        { "j\u0301ulia", "j\u0301ulia" },                     // an accent other than the dot on j
        { "\u0131\u0301rmak", "\u0131\u0301rmak" },               // an accent other than the dot on dotless ı
    };

    public static TheoryData<string?, string> Rejected => new()
    {
        { null, "username_required" },
        { "", "username_required" },
        { "ab", "username_too_short" },
        { "\uFF41\uFF42", "username_too_short" },
        { new string('a', 33), "username_too_long" },
        { new string('a', 100_000), "username_too_long" },
        { "a b c", "username_invalid_character" },
        { " alice", "username_invalid_character" },
        { "ab@c", "username_invalid_character" },
        { "abc!", "username_invalid_character" },
        { "a\tbc", "username_invalid_character" },
        { "ab\U0001F600", "username_invalid_character" },          // emoji
        { "a\u200Dbc", "username_invalid_character" },             // zero width joiner
        { "a\u200Cbc", "username_invalid_character" },             // zero width non-joiner
        { "abc\u202Edef", "username_invalid_character" },          // right-to-left override
        { "\u05E9\u05DC\u05D5\u05DD\u200F", "username_invalid_character" }, // right-to-left mark
        { "abc\u00ADdef", "username_invalid_character" },          // soft hyphen
        { "\uE000abc", "username_invalid_character" },             // private use
        { "\u0378abc", "username_invalid_character" },             // unassigned
        { "\u1F88bc", "username_invalid_character" },              // title-case ᾈ
        { "\u0645\u062D\u0640\u0645\u062F", "username_invalid_character" }, // Arabic tatweel
        { "\u1D39ike", "username_compatibility_character" },       // modifier letter capital M
        { "\uFB01le", "username_compatibility_character" },        // ligature ﬁ
        { "henry\u2163", "username_compatibility_character" },     // roman numeral four
        { "x\u00B2y", "username_compatibility_character" },        // superscript two
        { "\u24D0bc", "username_compatibility_character" },        // circled a
        { "\u01C5emal", "username_compatibility_character" },      // title-case ǅ
        { ".abc", "username_separator_at_edge" },
        { "abc.", "username_separator_at_edge" },
        { "_abc", "username_separator_at_edge" },
        { "abc-", "username_separator_at_edge" },
        { "a..b", "username_consecutive_separators" },
        { "a._b", "username_consecutive_separators" },
        { "a-_b", "username_consecutive_separators" },
        { "p\u0430ypal", "username_mixed_scripts" },               // Cyrillic а in a Latin name
        { "abc\u03B1", "username_mixed_scripts" },
        { "abc\u6F22\u5B57", "username_mixed_scripts" },
        { "\u05E9\u05DC\u05D5\u05DDabc", "username_mixed_scripts" },
        { "\u05E9\u05DC\u05D5\u05DDabc", "username_mixed_direction" },
        { "123\u05E9\u05DC\u05D5\u05DD", "username_mixed_direction" }, // must start with a right-to-left letter
        { "\u0639\u0644\u064A\u0661\u06F4", "username_mixed_digits" },
        { "\u0301\u0301\u0301", "username_starts_with_mark" },
        { "\u05B0\u05B1\u05B2", "username_starts_with_mark" },  // Hebrew points only
        { "\u093C\u093C\u093C", "username_starts_with_mark" },  // Devanagari nukta only
        { "\u0301ann", "username_starts_with_mark" },
        { "\u0903abc", "username_starts_with_mark" },             // spacing mark (Mc) first
        { "\uFF9Eabc", "username_starts_with_mark" },             // halfwidth voiced sound mark, U+3099 once mapped
        { "a" + new string('\u0301', 31), "username_too_many_marks" },
        { "a" + new string('\u0301', 31), "username_repeated_mark" },
        { "ba\u0301\u0302\u0303\u0304\u0306", "username_too_many_marks" },
        { "b\u1EC7\u0301\u0306\u0300", "username_too_many_marks" }, // ệ brings two marks in NFD
        { "ann\u0301\u0301", "username_repeated_mark" },
        { "a\u0301\u0323\u0301bc", "username_repeated_mark" },  // NFD puts the two acutes together
        { "\u00E1\u0301bc", "username_repeated_mark" },          // precomposed á plus another acute
        { "ali\u0307ce", "username_dot_above_on_dotted_letter" },
        { "i\u0307stanbul", "username_dot_above_on_dotted_letter" },
        { "j\u0307ohn", "username_dot_above_on_dotted_letter" },
        { "al\u0131\u0307ce", "username_dot_above_on_dotted_letter" },    // dotless ı + dot looks like i
        { "\u0237\u0307ohn", "username_dot_above_on_dotted_letter" },     // dotless ȷ + dot looks like j
        { "\u0456\u0307\u0432\u0430\u043D", "username_dot_above_on_dotted_letter" }, // Cyrillic і + dot
        { "\u1ECB\u0307nh", "username_dot_above_on_dotted_letter" },      // ị + dot
        { "i\u0331\u0307abc", "username_dot_above_on_dotted_letter" },    // macron below between i and dot
        { "\uFF49\u0307abc", "username_dot_above_on_dotted_letter" },     // fullwidth ｉ + dot
        { "\uD800abc", "username_invalid_encoding" },
        { "abc\uDC00", "username_invalid_encoding" },
        { "abc\uFFFE", "username_invalid_encoding" },
    };

    [Theory]
    [MemberData(nameof(Accepted))]
    public void Validate_Accepted_ReturnsKey(string username, string expectedKey)
    {
        var errors = new List<FieldError>();

        var result = UsernameRules.Validate(username, errors);

        Assert.Empty(errors);
        Assert.NotNull(result);
        Assert.Equal(expectedKey, result.Key);
        Assert.Equal(username.Normalize(NormalizationForm.FormC), result.Display);
    }

    [Theory]
    [MemberData(nameof(Accepted))]
    public void Validate_Accepted_KeyIsStable(string username, string expectedKey)
    {
        var key = UsernameRules.Validate(username, [])!.Key;

        Assert.Equal(expectedKey, KeyNormalizer.UsernameKey(key));
    }

    [Theory]
    [MemberData(nameof(Accepted))]
    public void Validate_AcceptedKey_GivesSameKey(string username, string expectedKey)
    {
        var errors = new List<FieldError>();

        var again = UsernameRules.Validate(expectedKey, errors);

        // Case mapping turns İ into i + U+0307, a dot above that the rules reject when it is typed.
        if (username.Contains('\u0130', StringComparison.Ordinal))
        {
            Assert.Null(again);
            Assert.Equal(["username_dot_above_on_dotted_letter"], errors.Select(e => e.Code));
        }
        else
        {
            Assert.Empty(errors);
            Assert.Equal(expectedKey, again?.Key);
        }
    }

    [Theory]
    // Lone surrogates do not survive the serialization of discovered cases, so the table is read at run time.
    [MemberData(nameof(Rejected), DisableDiscoveryEnumeration = true)]
    public void Validate_Rejected_ReportsCode(string? username, string expectedCode)
    {
        var errors = new List<FieldError>();

        var result = UsernameRules.Validate(username, errors);

        Assert.Null(result);
        Assert.Contains(expectedCode, errors.Select(e => e.Code));
        Assert.All(errors, e => Assert.Equal(FieldNames.Username, e.Field));
    }

    [Fact]
    public void Validate_FullwidthLetters_MapToAscii()
    {
        var result = UsernameRules.Validate("\uFF21\uFF22\uFF23", []);

        Assert.Equal("abc", result?.Key);
        Assert.Equal("\uFF21\uFF22\uFF23", result?.Display);
    }

    [Fact]
    public void Validate_NfdAndNfc_GiveSameKey()
    {
        var decomposed = UsernameRules.Validate("Jose\u0301", []);
        var composed = UsernameRules.Validate("Jos\u00E9", []);

        Assert.NotNull(decomposed);
        Assert.Equal(composed?.Key, decomposed.Key);
        Assert.Equal("Jos\u00E9", decomposed.Display);
    }

    [Theory]
    [InlineData("tr-TR")]
    [InlineData("az-Latn-AZ")]
    [InlineData("en-US")]
    [InlineData("")]
    public void Validate_TurkishDottedI_SameInEveryCulture(string culture)
    {
        using var scope = new CultureScope(culture);

        Assert.Equal("irmak", UsernameRules.Validate("IRMAK", [])?.Key);
        Assert.Equal("i\u0307stanbul", UsernameRules.Validate("\u0130stanbul", [])?.Key);
        Assert.Equal("\u0131rmak", UsernameRules.Validate("\u0131rmak", [])?.Key);
        Assert.Equal("istanbul", UsernameRules.Validate("Istanbul", [])?.Key);
    }

    [Theory]
    [InlineData("ann\u00A0lee")] // no-break space
    [InlineData("ann\u2007lee")] // figure space
    [InlineData("ann\u202Flee")] // narrow no-break space
    [InlineData("ann\u2003lee")] // em space
    [InlineData("ann\u3000lee")] // ideographic space
    [InlineData("ann lee")]
    public void Validate_Space_InvalidCharacterOnly(string username)
    {
        var errors = new List<FieldError>();

        UsernameRules.Validate(username, errors);

        Assert.Equal(["username_invalid_character"], errors.Select(e => e.Code));
    }

    // Input, every code expected. Escapes keep the marks visible in the source.
    public static TheoryData<string, string[]> MarkProblems => new()
    {
        { "\u0301\u0301\u0301", ["username_starts_with_mark", "username_repeated_mark"] },
        { "\u05B0\u05B1\u05B2", ["username_starts_with_mark"] },
        { "\u093C\u093C\u093C", ["username_starts_with_mark", "username_repeated_mark"] },
        { "\u0301ann", ["username_starts_with_mark"] },
        { "a" + new string('\u0301', 31), ["username_too_many_marks", "username_repeated_mark"] },
        { "ba\u0301\u0302\u0303\u0304\u0306", ["username_too_many_marks"] },
        { "ann\u0301\u0301", ["username_repeated_mark"] },
        { "ali\u0307ce", ["username_dot_above_on_dotted_letter"] },
    };

    [Theory]
    [MemberData(nameof(MarkProblems))]
    public void Validate_MarkProblem_ReportsExactlyTheseCodes(string username, string[] expectedCodes)
    {
        var errors = new List<FieldError>();

        var result = UsernameRules.Validate(username, errors);

        Assert.Null(result);
        Assert.Equal(expectedCodes, errors.Select(e => e.Code));
    }

    [Fact]
    public void Validate_DottedCapitalI_KeepsKeyAndRejectsTypedKey()
    {
        var errors = new List<FieldError>();

        var capital = UsernameRules.Validate("\u0130stanbul", []);
        var typed = UsernameRules.Validate("i\u0307stanbul", errors);

        Assert.Equal("i\u0307stanbul", capital?.Key);
        Assert.Equal("\u0130stanbul", capital?.Display);
        Assert.Null(typed);
        Assert.Equal(["username_dot_above_on_dotted_letter"], errors.Select(e => e.Code));
    }

    [Fact]
    public void Validate_CyrillicLookAlike_MixedScripts()
    {
        var errors = new List<FieldError>();

        UsernameRules.Validate("p\u0430ypal", errors);

        Assert.Equal(["username_mixed_scripts"], errors.Select(e => e.Code));
    }

    [Fact]
    public void Validate_SeveralProblems_ReportsEach()
    {
        var errors = new List<FieldError>();

        UsernameRules.Validate("a!", errors);

        Assert.Contains(RegistrationErrors.UsernameInvalidCharacter, errors);
        Assert.Contains(RegistrationErrors.UsernameTooShort, errors);
    }

    [Fact]
    public void Validate_ShortMixedScript_ReportsBoth()
    {
        var errors = new List<FieldError>();

        UsernameRules.Validate("a\u0430", errors);

        Assert.Equal(["username_too_short", "username_mixed_scripts"], errors.Select(e => e.Code));
    }

    [Fact]
    public void Validate_RepeatedInvalidCharacters_ReportsCodeOnce()
    {
        var errors = new List<FieldError>();

        UsernameRules.Validate("a!b!c!d", errors);

        Assert.Single(errors);
    }
}
