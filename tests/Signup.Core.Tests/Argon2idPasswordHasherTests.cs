using System.Text;
using Konscious.Security.Cryptography;

namespace Signup.Core.Tests;

public class Argon2idPasswordHasherTests
{
    private static readonly Argon2idPasswordHasher Hasher = new(new Argon2idOptions());

    // Argon2id version 19 test vectors of the reference implementation (P-H-C/phc-winner-argon2,
    // src/test.c): password "password" or "differentpassword", salt "somesalt" or "diffsalt", 32-byte tags.
    private const string M65536T2P1 = "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc";
    private const string M262144T2P1 = "$argon2id$v=19$m=262144,t=2,p=1$c29tZXNhbHQ$eP4eyR+zqlZX1y5xCFTkw9m5GYx0L5YWwvCFvtlbLow";
    private const string M256T2P1 = "$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4";
    private const string M256T2P2 = "$argon2id$v=19$m=256,t=2,p=2$c29tZXNhbHQ$bQk8UB/VmZZF4Oo79iDXuL5/0ttZwg2f/5U52iv1cDc";
    private const string M65536T1P1 = "$argon2id$v=19$m=65536,t=1,p=1$c29tZXNhbHQ$9qWtwbpyPd3vm1rB1GThgPzZ3/ydHL92zKL+15XZypg";
    private const string M65536T4P1 = "$argon2id$v=19$m=65536,t=4,p=1$c29tZXNhbHQ$kCXUjmjvc5XMqQedpMTsOv+zyJEf5PhtGiUghW9jFyw";
    private const string M65536T2P1Different = "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$C4TWUs9rDEvq7w3+J4umqA32aWKB1+DSiRuBfYxFj94";
    private const string M65536T2P1DiffSalt = "$argon2id$v=19$m=65536,t=2,p=1$ZGlmZnNhbHQ$vfMrBczELrFdWP0ZsfhWsRPaHppYdP3MVEMIVlqoFBw";

    // Base64 of 16, 24 and 32 zero bytes, for parameter-only strings.
    private const string Zero16 = "AAAAAAAAAAAAAAAAAAAAAA";
    private const string Zero24 = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    private const string Zero32 = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

    // The reference command-line tool's Argon2id output for `echo -n password | argon2 somesalt -id -t 2 -m 16 -p 4 -l 32`.
    private const string M65536T2P4 = "$argon2id$v=19$m=65536,t=2,p=4$c29tZXNhbHQ$GpZ3sK/oH9p7VIiV56G/64Zo/8GaUw434IimaPqxwCo";

    [Fact]
    public void Argon2id_m65536_t2_p1_ReferenceVector() => AssertReferenceVector(M65536T2P1, "password");

    [Fact]
    public void Argon2id_m262144_t2_p1_ReferenceVector() => AssertReferenceVector(M262144T2P1, "password");

    [Fact]
    public void Argon2id_m256_t2_p1_ReferenceVector() => AssertReferenceVector(M256T2P1, "password");

    [Fact]
    public void Argon2id_m256_t2_p2_ReferenceVector() => AssertReferenceVector(M256T2P2, "password");

    [Fact]
    public void Argon2id_m65536_t1_p1_ReferenceVector() => AssertReferenceVector(M65536T1P1, "password");

    [Fact]
    public void Argon2id_m65536_t4_p1_ReferenceVector() => AssertReferenceVector(M65536T4P1, "password");

    [Fact]
    public void Argon2id_m65536_t2_p1_DifferentPassword_ReferenceVector() =>
        AssertReferenceVector(M65536T2P1Different, "differentpassword");

    [Fact]
    public void Argon2id_m65536_t2_p1_DifferentSalt_ReferenceVector() =>
        AssertReferenceVector(M65536T2P1DiffSalt, "password");

    [Fact]
    public void Argon2id_m65536_t2_p4_ReferenceVector() => AssertReferenceVector(M65536T2P4, "password");

    [Theory]
    [InlineData(M256T2P2, 2)]
    [InlineData(M65536T2P4, 4)]
    public void Argon2id_MultipleLanes_IndependentImplementationAgrees(string phc, int lanes)
    {
        var (salt, tag, memoryKiB, iterations) = Decode(phc);

        var computed = ComputeIndependently("password", salt, memoryKiB, iterations, lanes, tag.Length);

        Assert.Equal(tag, computed);
    }

    [Fact]
    public void Hash_Output_IsPhcStringWithDefaultParameters()
    {
        var hash = Hasher.Hash("correct horse battery staple");

        Assert.StartsWith("$argon2id$v=19$m=19456,t=2,p=1$", hash, StringComparison.Ordinal);
        var (salt, tag, memoryKiB, iterations) = Decode(hash);
        Assert.Equal(16, salt.Length);
        Assert.Equal(32, tag.Length);
        Assert.Equal(19456, memoryKiB);
        Assert.Equal(2, iterations);
        Assert.DoesNotContain("=", hash[hash.IndexOf('$', 30)..], StringComparison.Ordinal);
    }

    [Fact]
    public void Hash_MatchesIndependentImplementation()
    {
        const string Password = "p\u00E4ssw\u00F6rd \U0001F511 check";
        var hash = Hasher.Hash(Password);
        var (salt, tag, memoryKiB, iterations) = Decode(hash);

        var computed = ComputeIndependently(Password, salt, memoryKiB, iterations, 1, tag.Length);

        Assert.Equal(tag, computed);
    }

    [Fact]
    public void Hash_SamePasswordTwice_UsesFreshSalts()
    {
        Assert.NotEqual(Hasher.Hash("same password here"), Hasher.Hash("same password here"));
    }

    [Theory]
    [InlineData("correct horse battery staple")]
    [InlineData("caf\u00E9 au lait please")]
    [InlineData("\u30D1\u30B9\u30EF\u30FC\u30C9\u306F\u3068\u3066\u3082\u9577\u3044")]
    [InlineData("\U0001F468\u200D\U0001F469\u200D\U0001F467\U0001F512\U0001F511\U0001F600")]
    [InlineData("\u05E1\u05D9\u05E1\u05DE\u05D4 \u0643\u0644\u0645\u0629 \u0633\u0631")]
    [InlineData("")]
    public void Verify_RoundTrip_Succeeds(string password)
    {
        var hash = Hasher.Hash(password);

        Assert.Equal(PasswordVerification.Success, Hasher.Verify(hash, password));
    }

    [Fact]
    public void Verify_WrongPassword_Fails()
    {
        var hash = Hasher.Hash("correct horse battery staple");

        Assert.Equal(PasswordVerification.Failed, Hasher.Verify(hash, "correct horse battery stapler"));
        Assert.Equal(PasswordVerification.Failed, Hasher.Verify(hash, "Correct horse battery staple"));
        Assert.Equal(PasswordVerification.Failed, Hasher.Verify(hash, ""));
    }

    [Fact]
    public void Verify_OneMegabytePasswords_NotTruncated()
    {
        var first = new string('a', 1 << 20) + "b";
        var second = new string('a', 1 << 20) + "c";
        var hash = Hasher.Hash(first);

        Assert.Equal(PasswordVerification.Success, Hasher.Verify(hash, first));
        Assert.Equal(PasswordVerification.Failed, Hasher.Verify(hash, second));
    }

    [Fact]
    public void Verify_NfcAndNfdForms_AreDifferentPasswords()
    {
        // The hasher takes prepared passwords as they are; normalization is the password rules' job.
        var hash = Hasher.Hash("caf\u00E9 au lait please");

        Assert.Equal(PasswordVerification.Failed, Hasher.Verify(hash, "cafe\u0301 au lait please"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("$argon2i$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$wWKIMhR9lyDFvRz9YTZweHKfbftvj+qf+YFY4NeBbtA")]
    [InlineData("$argon2id$v=16$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc")]
    [InlineData("$argon2id$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc")]
    [InlineData("$argon2id$v=19$m=65536,t=2,p=1c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc")]
    [InlineData("$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQCTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc")]
    [InlineData("$argon2id$v=19$m=65536,t=2,p=1$$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc")]
    [InlineData("$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$")]
    [InlineData("$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ=$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc")]
    [InlineData("$argon2id$v=19$m=065536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc")]
    [InlineData("$argon2id$v=19$t=2,m=65536,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc")]
    [InlineData("$argon2id$v=19$m=65536,t=0,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc")]
    [InlineData("$argon2id$v=19$m=65536,t=2,p=0$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc")]
    [InlineData("$argon2id$v=19$m=65536,t=2,p=1$c29t!XNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc")]
    [InlineData("$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc")]
    [InlineData("$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPd")]
    [InlineData("$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc$")]
    [InlineData("$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRP\u00C9c")]
    public void Verify_MalformedHash_FailsWithoutException(string stored)
    {
        Assert.Equal(PasswordVerification.Failed, Hasher.Verify(stored, "password"));
    }

    [Fact]
    public void Verify_StoredStringTooLongForLibsodium_Fails()
    {
        var salt = Convert.ToBase64String(new byte[64]).TrimEnd('=');
        var stored = "$argon2id$v=19$m=256,t=2,p=1$" + salt + "$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc";

        Assert.Equal(PasswordVerification.Failed, Hasher.Verify(stored, "password"));
    }

    [Fact]
    public void Verify_LoneSurrogatePassword_Fails()
    {
        var hash = Hasher.Hash("abc");

        Assert.Equal(PasswordVerification.Failed, Hasher.Verify(hash, "ab\uD800"));
    }

    [Fact]
    public void Hash_LoneSurrogatePassword_Throws()
    {
        Assert.Throws<ArgumentException>(() => Hasher.Hash("ab\uD800"));
    }

    [Fact]
    public void Verify_WeakerStoredParameters_SucceedsWithRehash()
    {
        Assert.Equal(PasswordVerification.SuccessRehashNeeded, Hasher.Verify(M256T2P1, "password"));
    }

    [Fact]
    public void Verify_HashFromIndependentImplementation_Succeeds()
    {
        const string Password = "über-geheim 🔐";
        var salt = Enumerable.Range(1, 16).Select(i => (byte)(i * 7)).ToArray();
        var tag = ComputeIndependently(Password, salt, 20_480, 3, 1, 32);
        var stored = $"$argon2id$v=19$m=20480,t=3,p=1${ToBase64(salt)}${ToBase64(tag)}";

        Assert.Equal(PasswordVerification.Success, Hasher.Verify(stored, Password));
        Assert.Equal(PasswordVerification.Failed, Hasher.Verify(stored, Password + " "));
    }

    [Theory]
    [InlineData(M256T2P1, true)]              // memory below 19456 KiB
    [InlineData(M65536T1P1, true)]            // one pass
    [InlineData(M65536T2P1, true)]            // salt of 8 bytes
    [InlineData(M65536T2P4, true)]            // salt of 8 bytes
    [InlineData("garbage", true)]
    [InlineData("$argon2id$v=19$m=19456,t=2,p=1$" + Zero16 + "$" + Zero24, true)]  // tag of 24 bytes
    [InlineData("$argon2id$v=19$m=19456,t=2,p=1$" + Zero16 + "$" + Zero32, false)]
    [InlineData("$argon2id$v=19$m=65536,t=3,p=1$" + Zero16 + "$" + Zero32, false)]
    [InlineData("$argon2id$v=19$m=19456,t=2,p=4$" + Zero16 + "$" + Zero32, false)] // lanes do not weaken
    public void NeedsRehash_ComparesWithCurrentParameters(string stored, bool expected)
    {
        Assert.Equal(expected, Hasher.NeedsRehash(stored));
    }

    [Fact]
    public void NeedsRehash_CurrentParameters_False()
    {
        Assert.False(Hasher.NeedsRehash(Hasher.Hash("some password")));
    }

    [Fact]
    public void NeedsRehash_AfterRaisingParameters_True()
    {
        var hash = Hasher.Hash("some password");
        var stronger = new Argon2idPasswordHasher(new Argon2idOptions(memoryKiB: 32_768, iterations: 3));

        Assert.True(stronger.NeedsRehash(hash));
        Assert.Equal(PasswordVerification.SuccessRehashNeeded, stronger.Verify(hash, "some password"));
    }

    [Fact]
    public void Hash_RaisedParameters_Recorded()
    {
        var hasher = new Argon2idPasswordHasher(new Argon2idOptions(memoryKiB: 20_480, iterations: 3));

        var hash = hasher.Hash("some password");

        Assert.StartsWith("$argon2id$v=19$m=20480,t=3,p=1$", hash, StringComparison.Ordinal);
        Assert.Equal(PasswordVerification.Success, hasher.Verify(hash, "some password"));
    }

    private static void AssertReferenceVector(string phc, string password)
    {
        Assert.Equal(PasswordVerification.SuccessRehashNeeded, Hasher.Verify(phc, password));
        Assert.Equal(PasswordVerification.Failed, Hasher.Verify(phc, password + "x"));
    }

    private static byte[] ComputeIndependently(string password, byte[] salt, int memoryKiB, int iterations, int lanes, int tagLength)
    {
        using var argon2 = new Argon2id(Encoding.UTF8.GetBytes(password))
        {
            Salt = salt,
            MemorySize = memoryKiB,
            Iterations = iterations,
            DegreeOfParallelism = lanes,
        };
        return argon2.GetBytes(tagLength);
    }

    private static (byte[] Salt, byte[] Tag, int MemoryKiB, int Iterations) Decode(string phc)
    {
        var parts = phc.Split('$');
        var parameters = parts[3].Split(',').Select(p => int.Parse(p[2..], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        return (FromBase64(parts[4]), FromBase64(parts[5]), parameters[0], parameters[1]);
    }

    private static string ToBase64(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=');

    private static byte[] FromBase64(string text) =>
        Convert.FromBase64String(text + new string('=', (4 - (text.Length % 4)) % 4));
}
