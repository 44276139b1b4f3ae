using Signup.Local.Tests.Support;

namespace Signup.Local.Tests;

/// <summary>Throttling from <c>DefaultRouteSettings</c>, with a burst of 3 and a refill of one request a second.</summary>
public sealed class ThrottlingTests : IAsyncLifetime
{
    private TestStack? _stack;

    private TestStack Stack => _stack!;

    private CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() =>
        _stack = await TestStack.StartAsync(CancellationToken.None, options => TestStack.WithParameters(
            options with { WaitUntilReady = false }, ("BurstLimit", "3"), ("RateLimit", "1")));

    public async ValueTask DisposeAsync()
    {
        if (_stack is not null)
        {
            await _stack.DisposeAsync();
        }
    }

    [Fact]
    public async Task Burst_BeyondLimit_Returns429()
    {
        var statuses = new List<int>();
        for (var i = 0; i < 8; i++)
        {
            using var response = await Stack.Client.GetAsync("/pid", Token);
            statuses.Add((int)response.StatusCode);
            if ((int)response.StatusCode == 429)
            {
                await GatewayResponseMappingTests.AssertGatewayErrorAsync(response, 429, "Too Many Requests");
            }
        }

        // The first three take the burst; at most one more token refills while the eight requests run.
        Assert.Equal([200, 200, 200], statuses.Take(3));
        Assert.InRange(statuses.Count(status => status == 429), 4, 5);
        Assert.All(statuses, status => Assert.Contains(status, new[] { 200, 429 }));
    }

    [Fact]
    public async Task Throttle_IsPerRoute_AndRefills()
    {
        for (var i = 0; i < 5; i++)
        {
            using var drain = await Stack.Client.GetAsync("/echo", Token);
        }

        using var otherRoute = await Stack.Client.GetAsync("/items/1", Token);
        await Task.Delay(TimeSpan.FromSeconds(1.2), Token);
        using var refilled = await Stack.Client.GetAsync("/echo", Token);

        Assert.Equal(200, (int)otherRoute.StatusCode);
        Assert.Equal(200, (int)refilled.StatusCode);
    }

    [Fact]
    public async Task Throttle_StaticSite_IsNotThrottled()
    {
        for (var i = 0; i < 10; i++)
        {
            using var response = await Stack.Client.GetAsync("/index.html", Token);

            Assert.Equal(200, (int)response.StatusCode);
        }
    }
}
