using System.Globalization;

namespace Signup.Core;

/// <summary>
/// Cost parameters for <see cref="Argon2idPasswordHasher"/>. Values below OWASP's minimum for Argon2id
/// (19 MiB of memory, 2 iterations, 1 lane) are rejected, so a configuration can only make hashes stronger.
/// The one exception is <see cref="BenchmarkMinimumHashVariable"/>, which the local stack alone may set.
/// </summary>
public sealed record Argon2idOptions
{
    /// <summary>Default and minimum memory cost in KiB (19 MiB).</summary>
    public const int MinMemoryKiB = 19_456;

    /// <summary>Largest memory cost in KiB: libsodium's API takes the size in bytes as a 32-bit integer.</summary>
    public const int MaxMemoryKiB = int.MaxValue / 1024;

    /// <summary>Default and minimum number of passes over memory.</summary>
    public const int MinIterations = 2;

    /// <summary>The only parallelism (lanes) libsodium can hash with.</summary>
    public const int SupportedParallelism = 1;

    /// <summary>Length of the random salt in bytes.</summary>
    public const int SaltBytes = 16;

    /// <summary>Length of the computed tag in bytes.</summary>
    public const int TagBytes = 32;

    /// <summary>Environment variable for <see cref="MemoryKiB"/>.</summary>
    public const string MemoryVariable = "ARGON2_MEMORY_KIB";

    /// <summary>Environment variable for <see cref="Iterations"/>.</summary>
    public const string IterationsVariable = "ARGON2_ITERATIONS";

    /// <summary>Environment variable for <see cref="Parallelism"/>.</summary>
    public const string ParallelismVariable = "ARGON2_PARALLELISM";

    /// <summary>
    /// Environment variable that, set to <c>true</c>, makes the hash as cheap as libsodium allows
    /// (<see cref="LibsodiumMinMemoryKiB"/>, <see cref="LibsodiumMinIterations"/>), so that a benchmark can measure
    /// everything but the hash. It is honoured only beside <see cref="LocalStackVariable"/>.
    /// </summary>
    public const string BenchmarkMinimumHashVariable = "SIGNUP_BENCHMARK_MINIMUM_HASH";

    /// <summary>
    /// Environment variable that the local stack sets to <c>1</c> for every function process. The deployed
    /// template never sets it.
    /// </summary>
    public const string LocalStackVariable = "SIGNUP_LOCAL_STACK";

    /// <summary>libsodium's smallest Argon2id memory cost in KiB (crypto_pwhash_argon2id_MEMLIMIT_MIN is 8192 bytes).</summary>
    public const int LibsodiumMinMemoryKiB = 8;

    /// <summary>libsodium's smallest Argon2id pass count (crypto_pwhash_argon2id_OPSLIMIT_MIN).</summary>
    public const int LibsodiumMinIterations = 1;

    /// <summary>Creates options, rejecting any value below the minimum or that libsodium cannot hash with.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is below its minimum, too large, or <paramref name="parallelism"/> is not 1.</exception>
    public Argon2idOptions(int memoryKiB = MinMemoryKiB, int iterations = MinIterations, int parallelism = SupportedParallelism)
        : this(memoryKiB, iterations, parallelism, MinMemoryKiB, MinIterations)
    {
    }

    private Argon2idOptions(int memoryKiB, int iterations, int parallelism, int minMemoryKiB, int minIterations)
    {
        if (memoryKiB < minMemoryKiB || memoryKiB > MaxMemoryKiB)
        {
            throw new ArgumentOutOfRangeException(
                nameof(memoryKiB), memoryKiB, Invariant($"The memory cost must be {minMemoryKiB} to {MaxMemoryKiB} KiB."));
        }

        if (iterations < minIterations)
        {
            throw new ArgumentOutOfRangeException(
                nameof(iterations), iterations, Invariant($"The iteration count must be at least {minIterations}."));
        }

        if (parallelism != SupportedParallelism)
        {
            throw new ArgumentOutOfRangeException(
                nameof(parallelism),
                parallelism,
                Invariant($"The parallelism must be {SupportedParallelism}: libsodium computes Argon2id with one lane only."));
        }

        MemoryKiB = memoryKiB;
        Iterations = iterations;
        Parallelism = parallelism;
    }

    /// <summary>Memory cost in KiB (the m parameter).</summary>
    public int MemoryKiB { get; }

    /// <summary>Number of passes over memory (the t parameter).</summary>
    public int Iterations { get; }

    /// <summary>Number of lanes (the p parameter).</summary>
    public int Parallelism { get; }

    /// <summary>
    /// Reads <c>ARGON2_MEMORY_KIB</c>, <c>ARGON2_ITERATIONS</c> and <c>ARGON2_PARALLELISM</c>; an unset or
    /// empty variable keeps the default. <c>SIGNUP_BENCHMARK_MINIMUM_HASH=true</c> beside <c>SIGNUP_LOCAL_STACK=1</c>
    /// replaces all three with libsodium's minimum.
    /// </summary>
    /// <exception cref="InvalidOperationException">
    /// A variable is not a decimal integer, is below its minimum, or is unsupported, or the benchmark variable is
    /// set outside the local stack or to a value other than <c>true</c>.
    /// </exception>
    public static Argon2idOptions FromEnvironment(Func<string, string?> getVariable)
    {
        ArgumentNullException.ThrowIfNull(getVariable);
        if (ReadBenchmarkMinimumHash(getVariable))
        {
            // The template sets ARGON2_MEMORY_KIB and ARGON2_ITERATIONS for every deployment, so the benchmark
            // setting replaces them instead of only lowering their minimums.
            return new Argon2idOptions(
                LibsodiumMinMemoryKiB,
                LibsodiumMinIterations,
                SupportedParallelism,
                minMemoryKiB: LibsodiumMinMemoryKiB,
                minIterations: LibsodiumMinIterations);
        }

        var memoryKiB = Read(getVariable, MemoryVariable, MinMemoryKiB);
        var iterations = Read(getVariable, IterationsVariable, MinIterations);
        var parallelism = Read(getVariable, ParallelismVariable, SupportedParallelism);

        if (memoryKiB is < MinMemoryKiB or > MaxMemoryKiB)
        {
            throw Invalid(MemoryVariable, memoryKiB, Invariant($"it must be {MinMemoryKiB} to {MaxMemoryKiB} (KiB)"));
        }

        if (iterations < MinIterations)
        {
            throw Invalid(IterationsVariable, iterations, Invariant($"it must be at least {MinIterations}"));
        }

        if (parallelism != SupportedParallelism)
        {
            throw Invalid(
                ParallelismVariable,
                parallelism,
                Invariant($"it must be {SupportedParallelism}, because libsodium computes Argon2id with one lane only"));
        }

        return new Argon2idOptions(memoryKiB, iterations, parallelism);
    }

    // The flag only ever weakens hashes, so anything but an exact "true" in the local stack stops the start.
    private static bool ReadBenchmarkMinimumHash(Func<string, string?> getVariable)
    {
        var text = getVariable(BenchmarkMinimumHashVariable);
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        if (text != "true")
        {
            throw new InvalidOperationException(
                $"{BenchmarkMinimumHashVariable} is \"{text}\", but the only accepted value is \"true\". Unset it.");
        }

        if (getVariable(LocalStackVariable) != "1")
        {
            throw new InvalidOperationException(
                $"{BenchmarkMinimumHashVariable} is set, but it weakens password hashes and is accepted only in the " +
                $"local stack ({LocalStackVariable}=1). Unset it.");
        }

        return true;
    }

    private static int Read(Func<string, string?> getVariable, string name, int defaultValue)
    {
        var text = getVariable(name);
        if (string.IsNullOrWhiteSpace(text))
        {
            return defaultValue;
        }

        if (!int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            throw new InvalidOperationException(
                $"{name} is \"{text}\", which is not a decimal integer. Set it to a number such as {defaultValue}, " +
                "or unset it for the default.");
        }

        return value;
    }

    private static InvalidOperationException Invalid(string name, int value, string rule) =>
        new(Invariant($"{name} is {value}, but {rule}. Unset it for the default."));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
