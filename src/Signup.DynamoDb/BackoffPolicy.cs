namespace Signup.DynamoDb;

/// <summary>
/// Exponential backoff with full jitter: the delay before retry <c>n</c> is drawn uniformly from
/// [0, min(<see cref="MaxDelay"/>, <see cref="BaseDelay"/> × 2^n)). Full jitter spreads competing writers apart,
/// which is what clears transaction conflicts on a hot key.
/// </summary>
/// <remarks>Instances are safe to share between threads.</remarks>
public sealed class BackoffPolicy
{
    private readonly Random _random;
    private readonly Lock _randomLock = new();

    /// <param name="baseDelay">Upper bound of the first delay.</param>
    /// <param name="maxDelay">Upper bound of every delay.</param>
    /// <param name="seed">Seed for the jitter, for reproducible delays in tests; null seeds from the system.</param>
    public BackoffPolicy(TimeSpan baseDelay, TimeSpan maxDelay, int? seed = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(baseDelay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDelay, baseDelay);

        BaseDelay = baseDelay;
        MaxDelay = maxDelay;
        _random = seed is { } value ? new Random(value) : new Random();
    }

    /// <summary>A 25 ms base and a 1 s cap: a handful of quick retries, then about one attempt a second.</summary>
    public static BackoffPolicy Default { get; } = new(TimeSpan.FromMilliseconds(25), TimeSpan.FromSeconds(1));

    public TimeSpan BaseDelay { get; }

    public TimeSpan MaxDelay { get; }

    /// <summary>Returns the upper bound of the delay before retry number <paramref name="retry"/> (0 for the first).</summary>
    public TimeSpan CeilingFor(int retry)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(retry);

        // Past 2^30 the doubling would overflow, and the cap has long been reached anyway.
        var factor = Math.Pow(2, Math.Min(retry, 30));
        var ticks = Math.Min(MaxDelay.Ticks, BaseDelay.Ticks * factor);
        return TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>Draws the delay before retry number <paramref name="retry"/> (0 for the first).</summary>
    public TimeSpan NextDelay(int retry)
    {
        var ceiling = CeilingFor(retry);
        double fraction;
        lock (_randomLock)
        {
            fraction = _random.NextDouble();
        }

        return TimeSpan.FromTicks((long)(ceiling.Ticks * fraction));
    }
}
