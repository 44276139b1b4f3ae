using System.Text;

namespace Signup.Core.Tests;

/// <summary>The username key is a fixed point of the mapping: mapping a key again returns the same key.</summary>
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
            Assert.Equal(result.Key, UsernameRules.Validate(result.Key, [])?.Key);
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

    private static string Generate(Random random)
    {
        var builder = new StringBuilder();
        var length = random.Next(3, 12);
        for (var i = 0; i < length; i++)
        {
            // Mostly Latin letters so that a fair share of the strings are acceptable usernames.
            builder.Append(random.Next(3) == 0 ? Pool[random.Next(Pool.Length)] : ((char)('a' + random.Next(26))).ToString());
        }

        return builder.ToString();
    }
}
