using Signup.Local.Gateway;
using Signup.Local.Tests.Support;

namespace Signup.Local.Tests;

public sealed class TokenBucketTests
{
    [Fact]
    public void TryTake_Burst_ThenEmpty()
    {
        var bucket = new TokenBucket(rate: 1, burst: 3, new ManualTimeProvider());

        var results = Enumerable.Range(0, 5).Select(_ => bucket.TryTake()).ToList();

        Assert.Equal([true, true, true, false, false], results);
    }

    [Fact]
    public void TryTake_Refills_AtRate()
    {
        var time = new ManualTimeProvider();
        var bucket = new TokenBucket(rate: 2, burst: 2, time);
        bucket.TryTake();
        bucket.TryTake();

        time.Advance(TimeSpan.FromMilliseconds(499));
        var early = bucket.TryTake();
        time.Advance(TimeSpan.FromMilliseconds(1));
        var onTime = bucket.TryTake();

        Assert.False(early);
        Assert.True(onTime);
    }

    [Fact]
    public void TryTake_Refill_IsCappedAtBurst()
    {
        var time = new ManualTimeProvider();
        var bucket = new TokenBucket(rate: 100, burst: 2, time);

        time.Advance(TimeSpan.FromMinutes(1));
        var results = Enumerable.Range(0, 3).Select(_ => bucket.TryTake()).ToList();

        Assert.Equal([true, true, false], results);
    }

    [Fact]
    public void TryTake_ZeroBurst_AlwaysThrottles()
    {
        var bucket = new TokenBucket(rate: 10, burst: 0, new ManualTimeProvider());

        Assert.False(bucket.TryTake());
    }
}
