using Signup.Local.Gateway;
using Signup.Local.Template;

namespace Signup.Local.Tests;

public sealed class CorsPolicyTests
{
    [Theory]
    [InlineData("https://a.example", true)]
    [InlineData("HTTPS://A.EXAMPLE", true)]
    [InlineData("https://a.example:443", false)]
    [InlineData("http://a.example", false)]
    [InlineData("https://x.wild.example", true)]
    [InlineData("https://x.y.wild.example", true)]
    [InlineData("https://wild.example", false)]
    [InlineData("https://.wild.example", false)]
    [InlineData("https://evilwild.example", false)]
    [InlineData("http://localhost:8080", true)]
    [InlineData("http://localhost:8081", false)]
    public void IsAllowed_MatchesConfiguredOrigins(string origin, bool expected)
    {
        var policy = new CorsPolicy(
            new CorsSettings(["https://a.example", "https://*.wild.example"], ["POST"], [], [], null, false),
            ["http://localhost:8080"]);

        Assert.Equal(expected, policy.IsAllowed(origin));
    }

    [Fact]
    public void IsAllowed_Star_AllowsAnyOrigin()
    {
        var policy = new CorsPolicy(new CorsSettings(["*"], ["*"], ["*"], [], null, false), []);

        Assert.True(policy.IsAllowed("https://anything.example"));
    }
}
