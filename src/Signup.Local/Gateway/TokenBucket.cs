namespace Signup.Local.Gateway;

/// <summary>
/// The token bucket API Gateway throttles with: it holds up to <c>burst</c> tokens, refills at <c>rate</c> tokens a
/// second, and each request takes one token or is throttled.
/// </summary>
internal sealed class TokenBucket
{
    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly double _rate;
    private readonly double _capacity;
    private double _tokens;
    private long _lastRefill;

    public TokenBucket(double rate, int burst, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rate);
        ArgumentOutOfRangeException.ThrowIfNegative(burst);
        _rate = rate;
        _capacity = burst;
        _tokens = burst;
        _time = time;
        _lastRefill = time.GetTimestamp();
    }

    /// <summary>Takes a token; returns false, taking nothing, when the bucket is empty.</summary>
    public bool TryTake()
    {
        lock (_lock)
        {
            var now = _time.GetTimestamp();
            _tokens = Math.Min(_capacity, _tokens + (_time.GetElapsedTime(_lastRefill, now).TotalSeconds * _rate));
            _lastRefill = now;
            if (_tokens < 1)
            {
                return false;
            }

            _tokens -= 1;
            return true;
        }
    }
}
