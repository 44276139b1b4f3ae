using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Signup.Core;

namespace Signup.Bench;

/// <summary>Measures what one password hash costs on this machine: alone on one thread, and on every core at once.</summary>
internal static class HashMeter
{
    private const string Password = "Tractor-Galaxy-2718";

    // ASP.NET Core Identity's version 3 hash format: PBKDF2 with HMAC-SHA512, a 128-bit salt and a 256-bit subkey.
    private const int Pbkdf2SaltBytes = 16;
    private const int Pbkdf2SubkeyBytes = 32;

    /// <summary>Times <paramref name="samples"/> Argon2id hashes on one thread, then the rate with one thread per core.</summary>
    public static HashCost MeasureArgon2id(Argon2idOptions options, int samples, TimeSpan rateDuration)
    {
        var hasher = new Argon2idPasswordHasher(options);
        return Measure(
            $"Argon2id m={options.MemoryKiB} KiB, t={options.Iterations}, p={options.Parallelism}",
            () => hasher.Hash(Password),
            samples,
            rateDuration);
    }

    /// <summary>Times PBKDF2-HMAC-SHA512 as ASP.NET Core Identity computes it, with the given iteration count.</summary>
    public static HashCost MeasurePbkdf2(int iterations, int samples, TimeSpan rateDuration) => Measure(
        $"PBKDF2-HMAC-SHA512, {iterations} iterations",
        () => Pbkdf2(iterations),
        samples,
        rateDuration);

    /// <summary>
    /// Returns the PBKDF2-HMAC-SHA512 iteration count whose hash takes as long here as an Argon2id hash with
    /// <paramref name="options"/>, and the median Argon2id time it matched. The two hashes take turns, so that other
    /// load on the machine slows both alike.
    /// </summary>
    public static (int Iterations, double Argon2Ms) CalibratePbkdf2(Argon2idOptions options)
    {
        const int ProbeIterations = 100_000;
        const int Rounds = 9;
        var hasher = new Argon2idPasswordHasher(options);
        var argon2Ms = new double[Rounds];
        var pbkdf2Ms = new double[Rounds];
        for (var i = 0; i < Rounds; i++)
        {
            argon2Ms[i] = Time(() => hasher.Hash(Password));
            pbkdf2Ms[i] = Time(() => Pbkdf2(ProbeIterations));
        }

        return ((int)Math.Round(ProbeIterations * Stats.Median(argon2Ms) / Stats.Median(pbkdf2Ms)), Stats.Median(argon2Ms));
    }

    private static HashCost Measure(string parameters, Action hash, int samples, TimeSpan rateDuration)
    {
        hash();
        var single = new double[samples];
        for (var i = 0; i < samples; i++)
        {
            single[i] = Time(hash);
        }

        var threads = Environment.ProcessorCount;
        var rate = rateDuration > TimeSpan.Zero ? MeasureRate(hash, threads, rateDuration) : double.NaN;
        return new HashCost(parameters, single, threads, rate);
    }

    private static double Time(Action action)
    {
        var start = Stopwatch.GetTimestamp();
        action();
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    // Dedicated threads rather than the thread pool, so that each core gets exactly one hashing thread.
    private static double MeasureRate(Action hash, int threadCount, TimeSpan duration)
    {
        var counts = new int[threadCount];
        using var ready = new Barrier(threadCount + 1);
        long end = 0;
        var threads = Enumerable.Range(0, threadCount).Select(index => new Thread(() =>
        {
            ready.SignalAndWait();
            while (Stopwatch.GetTimestamp() < Volatile.Read(ref end))
            {
                hash();
                counts[index]++;
            }
        })).ToList();
        threads.ForEach(thread => thread.Start());
        var start = Stopwatch.GetTimestamp();
        Volatile.Write(ref end, start + (long)(duration.TotalSeconds * Stopwatch.Frequency));
        ready.SignalAndWait();
        threads.ForEach(thread => thread.Join());
        return counts.Sum() / Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    private static void Pbkdf2(int iterations)
    {
        Span<byte> salt = stackalloc byte[Pbkdf2SaltBytes];
        RandomNumberGenerator.Fill(salt);
        Span<byte> subkey = stackalloc byte[Pbkdf2SubkeyBytes];
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(Password), salt, subkey, iterations, HashAlgorithmName.SHA512);
    }
}
