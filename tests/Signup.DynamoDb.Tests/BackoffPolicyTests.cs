namespace Signup.DynamoDb.Tests;

public sealed class BackoffPolicyTests
{
    private static readonly TimeSpan Base = TimeSpan.FromMilliseconds(25);
    private static readonly TimeSpan Cap = TimeSpan.FromSeconds(1);

    [Theory]
    [InlineData(0, 25)]
    [InlineData(1, 50)]
    [InlineData(2, 100)]
    [InlineData(5, 800)]
    [InlineData(6, 1000)]
    [InlineData(40, 1000)]
    [InlineData(int.MaxValue, 1000)]
    public void CeilingFor_Retry_DoublesUpToCap(int retry, int expectedMilliseconds)
    {
        var policy = new BackoffPolicy(Base, Cap, seed: 1);

        Assert.Equal(TimeSpan.FromMilliseconds(expectedMilliseconds), policy.CeilingFor(retry));
    }

    [Fact]
    public void NextDelay_ManyDraws_StayBelowCeiling()
    {
        var policy = new BackoffPolicy(Base, Cap, seed: 2);

        for (var retry = 0; retry < 10; retry++)
        {
            for (var draw = 0; draw < 500; draw++)
            {
                Assert.InRange(policy.NextDelay(retry), TimeSpan.Zero, policy.CeilingFor(retry));
            }
        }
    }

    [Fact]
    public void NextDelay_ManyDraws_SpreadOverWholeRange()
    {
        var policy = new BackoffPolicy(Base, Cap, seed: 3);

        var delays = Enumerable.Range(0, 10_000).Select(_ => policy.NextDelay(10).TotalMilliseconds).ToList();

        Assert.InRange(delays.Average(), 450, 550);
        Assert.InRange(delays.Min(), 0, 50);
        Assert.InRange(delays.Max(), 950, 1000);
    }

    [Fact]
    public void NextDelay_SameSeed_SameSequence()
    {
        var first = new BackoffPolicy(Base, Cap, seed: 42);
        var second = new BackoffPolicy(Base, Cap, seed: 42);

        var firstDelays = Enumerable.Range(0, 20).Select(first.NextDelay).ToList();
        var secondDelays = Enumerable.Range(0, 20).Select(second.NextDelay).ToList();

        Assert.Equal(firstDelays, secondDelays);
    }

    [Fact]
    public void Constructor_ZeroBase_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new BackoffPolicy(TimeSpan.Zero, Cap));

    [Fact]
    public void Constructor_CapBelowBase_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new BackoffPolicy(Cap, Base));

    [Fact]
    public void CeilingFor_NegativeRetry_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => BackoffPolicy.Default.CeilingFor(-1));
}
