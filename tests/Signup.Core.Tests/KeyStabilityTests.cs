using System.Text;

namespace Signup.Core.Tests;

/// <summary>Username and email keys are fixed points of their mappings: mapping a key again returns the same key.</summary>
public class KeyStabilityTests
{
    // Characters that case mapping, width mapping and normalization treat specially.
    private static readonly string[] Pool =
    [
        "a", "Z", "i", "I", "\u0130", "\u0131", "\u00DF", "\u1E9E", "\u03A3", "\u03C2", "\u03C3", "\u0345",
        "\u0301", "\u0308", "\u0307", "e", "\u00C5", "\u212B", "\u2126", "\u212A", "\uFF21", "\uFF41", "\uFF10",
        "\uFF76", "\uFF9E", "\u30AB", "\u3099", "\u1100", "\u1161", "\u11A8", "\u0430", "\u0410", "\u01C5",
        "\u1F88", "\u0390", "\u1FD3", "\uFB01", "\u1D39", "5", ".", "_", "-", "\u05D0", "\u0627", "\u0661",
        "\u0915", "\u094D", "\u0E01", "\u4E00", "\u3042", "\U00010400", "\U00010428", "\U0001E900", "\u13A0", "\uAB70",
    ];

    // Characters that NFKC maps, used for email local parts on top of the pool above.
    private static readonly string[] CompatibilityPool =
    [
        "\uFB01", "\uFB03", "\u1D2C", "\u00AA", "\u0149", "\u01C4", "\u01C5", "\u1E9B", "\u2102", "\u210C",
        "\u2160", "\u3131", "\uFF9E", "\uFDF2", "\u0587", "\u1F88", "\u03D0", "\u03F4", "\u2126", "\U0001D400",
    ];

    private const string Domain = "@example.com";

    public static TheoryData<int> Seeds => new(Enumerable.Range(1, 20));

    [Theory]
    [MemberData(nameof(Seeds))]
    public void UsernameKey_GeneratedStrings_Stable(int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < 500; i++)
        {
            var text = Generate(random);
            var key = KeyNormalizer.UsernameKey(text);
            if (key is null)
            {
                continue;
            }

            Assert.Equal(key, KeyNormalizer.UsernameKey(key));
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Validate_GeneratedAcceptedUsernames_KeyValidatesToItself(int seed)
    {
        var random = new Random(seed);
        var accepted = 0;
        for (var i = 0; i < 500; i++)
        {
            var result = UsernameRules.Validate(Generate(random), []);
            if (result is null)
            {
                continue;
            }

            accepted++;
            Assert.Equal(result.Key, KeyNormalizer.UsernameKey(result.Key));

            // Case mapping can put U+0307 on a soft-dotted letter (İ to i + U+0307, J + U+0307 to j + U+0307),
            // which the rules reject when typed. Any other key validates to itself.
            var errors = new List<FieldError>();
            var again = UsernameRules.Validate(result.Key, errors);
            if (again is null)
            {
                Assert.Equal(["username_dot_above_on_dotted_letter"], errors.Select(e => e.Code));
            }
            else
            {
                Assert.Equal(result.Key, again.Key);
            }
        }

        Assert.True(accepted > 0, "the generator produced no acceptable username");
    }

    [Fact]
    public void UsernameKey_EveryCodePoint_Stable()
    {
        var unstable = new List<string>();
        for (var codePoint = 0; codePoint <= 0x10FFFF; codePoint++)
        {
            if (codePoint is >= 0xD800 and <= 0xDFFF)
            {
                continue;
            }

            var key = KeyNormalizer.UsernameKey(char.ConvertFromUtf32(codePoint));
            if (key is not null && !string.Equals(KeyNormalizer.UsernameKey(key), key, StringComparison.Ordinal))
            {
                unstable.Add($"U+{codePoint:X4}");
            }
        }

        Assert.Empty(unstable);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void EmailKey_GeneratedStrings_Stable(int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < 500; i++)
        {
            var key = KeyNormalizer.EmailKey(Generate(random, CompatibilityPool), "example.com");
            if (key is null)
            {
                continue;
            }

            Assert.Equal(key, KeyNormalizer.EmailKey(key[..^Domain.Length], "example.com"));
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Validate_GeneratedAcceptedEmails_KeyValidatesToItself(int seed)
    {
        var random = new Random(seed);
        var accepted = 0;
        for (var i = 0; i < 500; i++)
        {
            var result = EmailRules.Validate(Generate(random, CompatibilityPool) + Domain, []);
            if (result is null)
            {
                continue;
            }

            accepted++;
            Assert.Equal(result.Key, EmailRules.Validate(result.Key, [])?.Key);
        }

        Assert.True(accepted > 0, "the generator produced no acceptable email address");
    }

    [Fact]
    public void EmailKey_EveryCodePoint_Stable()
    {
        var unstable = new List<string>();
        for (var codePoint = 0; codePoint <= 0x10FFFF; codePoint++)
        {
            if (codePoint is >= 0xD800 and <= 0xDFFF)
            {
                continue;
            }

            var key = KeyNormalizer.EmailKey(char.ConvertFromUtf32(codePoint), "example.com");
            if (key is not null && !string.Equals(KeyNormalizer.EmailKey(key[..^Domain.Length], "example.com"), key, StringComparison.Ordinal))
            {
                unstable.Add($"U+{codePoint:X4}");
            }
        }

        Assert.Empty(unstable);
    }

    private static string Generate(Random random, string[]? extraPool = null)
    {
        var builder = new StringBuilder();
        var length = random.Next(3, 12);
        for (var i = 0; i < length; i++)
        {
            // Mostly Latin letters so that a fair share of the strings are acceptable usernames.
            var pool = extraPool is not null && random.Next(2) == 0 ? extraPool : Pool;
            builder.Append(random.Next(3) == 0 ? pool[random.Next(pool.Length)] : ((char)('a' + random.Next(26))).ToString());
        }

        return builder.ToString();
    }
}
