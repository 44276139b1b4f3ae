using Signup.Local.Gateway;
using Signup.Local.Template;

namespace Signup.Local.Tests;

public sealed class RouteTableTests
{
    private static readonly RouteTable Table = new(
        new[]
        {
            ("GET", "/items/{id}"),
            ("GET", "/items/special"),
            ("ANY", "/items/{id}"),
            ("GET", "/files/{path+}"),
            ("POST", "/"),
            ("ANY", RouteDefinition.DefaultPath),
        }.Select(route => new GatewayRoute(
            new RouteDefinition(route.Item1, route.Item2, "Fn", "2.0", TimeSpan.FromSeconds(30), null),
            new HttpApiDefinition { LogicalId = "Api", ApiId = "abcdefghij", Routes = [] },
            null!,
            null,
            null)));

    [Theory]
    [InlineData("GET", "/items/special", "GET /items/special")]
    [InlineData("GET", "/items/7", "GET /items/{id}")]
    [InlineData("DELETE", "/items/7", "ANY /items/{id}")]
    [InlineData("GET", "/files/a/b", "GET /files/{path+}")]
    [InlineData("POST", "/", "POST /")]
    [InlineData("GET", "/", "$default")]
    [InlineData("GET", "/items", "$default")]
    [InlineData("GET", "/Items/7", "$default")]
    [InlineData("GET", "/files", "$default")]
    public void Match_PrefersMostSpecificRoute(string method, string path, string expectedRouteKey)
    {
        var match = Table.Match(method, path);

        Assert.Equal(expectedRouteKey, match?.Route.Definition.RouteKey);
    }

    [Fact]
    public void Match_Variables_AreReturned()
    {
        var match = Table.Match("GET", "/files/docs/readme.md");

        Assert.Equal("docs/readme.md", match?.PathParameters?["path"]);
    }

    [Fact]
    public void Match_WithoutDefaultRoute_ReturnsNull()
    {
        var table = new RouteTable([]);

        Assert.Null(table.Match("GET", "/anything"));
    }
}
