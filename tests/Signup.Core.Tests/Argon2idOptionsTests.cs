namespace Signup.Core.Tests;

public class Argon2idOptionsTests
{
    [Fact]
    public void Defaults_AreOwaspMinimum()
    {
        var options = new Argon2idOptions();

        Assert.Equal(19456, options.MemoryKiB);
        Assert.Equal(2, options.Iterations);
        Assert.Equal(1, options.Parallelism);
        Assert.Equal(16, Argon2idOptions.SaltBytes);
        Assert.Equal(32, Argon2idOptions.TagBytes);
    }

    [Theory]
    [InlineData(19455, 2, 1)]
    [InlineData(0, 2, 1)]
    [InlineData(int.MaxValue, 2, 1)]
    [InlineData(19456, 1, 1)]
    [InlineData(19456, 0, 1)]
    [InlineData(19456, 2, 0)]
    [InlineData(19456, 2, 2)]
    [InlineData(19456, 2, 4)]
    public void Constructor_BelowMinimumOrUnsupported_Throws(int memoryKiB, int iterations, int parallelism)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Argon2idOptions(memoryKiB, iterations, parallelism));
    }

    [Fact]
    public void FromEnvironment_NothingSet_Defaults()
    {
        var options = Argon2idOptions.FromEnvironment(_ => null);

        Assert.Equal(new Argon2idOptions(), options);
    }

    [Fact]
    public void FromEnvironment_EmptyValues_Defaults()
    {
        var options = Argon2idOptions.FromEnvironment(_ => "");

        Assert.Equal(new Argon2idOptions(), options);
    }

    [Fact]
    public void FromEnvironment_HigherValues_Used()
    {
        var variables = new Dictionary<string, string>
        {
            ["ARGON2_MEMORY_KIB"] = "65536",
            ["ARGON2_ITERATIONS"] = "3",
            ["ARGON2_PARALLELISM"] = "1",
        };

        var options = Argon2idOptions.FromEnvironment(variables.GetValueOrDefault);

        Assert.Equal(65536, options.MemoryKiB);
        Assert.Equal(3, options.Iterations);
        Assert.Equal(1, options.Parallelism);
    }

    [Theory]
    [InlineData("ARGON2_MEMORY_KIB", "4096", "below")]
    [InlineData("ARGON2_MEMORY_KIB", "19455", "below")]
    [InlineData("ARGON2_MEMORY_KIB", "3000000", "below")]
    [InlineData("ARGON2_ITERATIONS", "1", "below")]
    [InlineData("ARGON2_PARALLELISM", "4", "one lane")]
    [InlineData("ARGON2_PARALLELISM", "0", "one lane")]
    [InlineData("ARGON2_MEMORY_KIB", "lots", "decimal integer")]
    [InlineData("ARGON2_MEMORY_KIB", "-19456", "decimal integer")]
    [InlineData("ARGON2_ITERATIONS", "2.5", "decimal integer")]
    [InlineData("ARGON2_ITERATIONS", "99999999999", "decimal integer")]
    public void FromEnvironment_InvalidValue_ThrowsNamingVariable(string name, string value, string reason)
    {
        var exception = Assert.Throws<InvalidOperationException>(
            () => Argon2idOptions.FromEnvironment(n => n == name ? value : null));

        Assert.Contains(name, exception.Message, StringComparison.Ordinal);
        Assert.Contains(value, exception.Message, StringComparison.Ordinal);
        Assert.Contains(reason == "below" ? "must be" : reason, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromEnvironment_BenchmarkFlagInLocalStack_UsesLibsodiumMinimum()
    {
        var variables = new Dictionary<string, string>
        {
            ["SIGNUP_BENCHMARK_MINIMUM_HASH"] = "true",
            ["SIGNUP_LOCAL_STACK"] = "1",
        };

        var options = Argon2idOptions.FromEnvironment(variables.GetValueOrDefault);

        Assert.Equal(8, options.MemoryKiB);
        Assert.Equal(1, options.Iterations);
        Assert.Equal(1, options.Parallelism);
    }

    [Fact]
    public void FromEnvironment_BenchmarkFlag_ReplacesArgon2Variables()
    {
        var variables = new Dictionary<string, string>
        {
            ["SIGNUP_BENCHMARK_MINIMUM_HASH"] = "true",
            ["SIGNUP_LOCAL_STACK"] = "1",
            ["ARGON2_MEMORY_KIB"] = "19456",
            ["ARGON2_ITERATIONS"] = "2",
            ["ARGON2_PARALLELISM"] = "1",
        };

        var options = Argon2idOptions.FromEnvironment(variables.GetValueOrDefault);

        Assert.Equal(8, options.MemoryKiB);
        Assert.Equal(1, options.Iterations);
    }

    [Fact]
    public void FromEnvironment_BenchmarkFlag_HashesAndVerifies()
    {
        var variables = new Dictionary<string, string>
        {
            ["SIGNUP_BENCHMARK_MINIMUM_HASH"] = "true",
            ["SIGNUP_LOCAL_STACK"] = "1",
        };
        var hasher = new Argon2idPasswordHasher(Argon2idOptions.FromEnvironment(variables.GetValueOrDefault));

        var hash = hasher.Hash("orange tractor galaxy");

        Assert.StartsWith("$argon2id$v=19$m=8,t=1,p=1$", hash, StringComparison.Ordinal);
        Assert.Equal(PasswordVerification.Success, hasher.Verify(hash, "orange tractor galaxy"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("true")]
    public void FromEnvironment_BenchmarkFlagOutsideLocalStack_Throws(string? marker)
    {
        var variables = new Dictionary<string, string?>
        {
            ["SIGNUP_BENCHMARK_MINIMUM_HASH"] = "true",
            ["SIGNUP_LOCAL_STACK"] = marker,
        };

        var exception = Assert.Throws<InvalidOperationException>(
            () => Argon2idOptions.FromEnvironment(variables.GetValueOrDefault));

        Assert.Contains("SIGNUP_BENCHMARK_MINIMUM_HASH", exception.Message, StringComparison.Ordinal);
        Assert.Contains("SIGNUP_LOCAL_STACK=1", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("false")]
    [InlineData("1")]
    [InlineData("TRUE")]
    public void FromEnvironment_BenchmarkFlagNotTrue_Throws(string value)
    {
        var variables = new Dictionary<string, string>
        {
            ["SIGNUP_BENCHMARK_MINIMUM_HASH"] = value,
            ["SIGNUP_LOCAL_STACK"] = "1",
        };

        var exception = Assert.Throws<InvalidOperationException>(
            () => Argon2idOptions.FromEnvironment(variables.GetValueOrDefault));

        Assert.Contains("SIGNUP_BENCHMARK_MINIMUM_HASH", exception.Message, StringComparison.Ordinal);
        Assert.Contains(value, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromEnvironment_LocalStackMarkerAlone_KeepsOwaspMinimum()
    {
        var variables = new Dictionary<string, string>
        {
            ["SIGNUP_LOCAL_STACK"] = "1",
            ["ARGON2_MEMORY_KIB"] = "8",
        };

        var exception = Assert.Throws<InvalidOperationException>(
            () => Argon2idOptions.FromEnvironment(variables.GetValueOrDefault));

        Assert.Contains("ARGON2_MEMORY_KIB", exception.Message, StringComparison.Ordinal);
        Assert.Equal(new Argon2idOptions(), Argon2idOptions.FromEnvironment(name => name == "SIGNUP_LOCAL_STACK" ? "1" : null));
    }
}
