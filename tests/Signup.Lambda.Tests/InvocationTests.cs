namespace Signup.Lambda.Tests;

public sealed class InvocationTests
{
    [Fact]
    public void GetRemainingTime_PastDeadline_IsNegative()
    {
        var deadline = DateTimeOffset.FromUnixTimeMilliseconds(1_742_000_000_000);
        var invocation = new Invocation("req", deadline, []);

        var before = new FixedTimeProvider(deadline.AddSeconds(-3));
        var after = new FixedTimeProvider(deadline.AddSeconds(2));

        Assert.Equal(TimeSpan.FromSeconds(3), invocation.GetRemainingTime(before));
        Assert.Equal(TimeSpan.FromSeconds(-2), invocation.GetRemainingTime(after));
    }

    [Fact]
    public void Constructor_EmptyRequestId_Throws()
    {
        Assert.Throws<ArgumentException>(() => new Invocation("", DateTimeOffset.UtcNow, []));
    }

    private sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
