using System.Globalization;
using System.Text;
using Signup.Local.Tests.Support;

namespace Signup.Local.Tests;

/// <summary>CORS from the test template: https://allowed.example and https://*.wild.example, plus the page's origins.</summary>
public sealed class GatewayCorsTests(SharedStack shared)
{
    private readonly TestStack _stack = shared.Stack;

    private CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("https://allowed.example")]
    [InlineData("https://ALLOWED.example")]
    [InlineData("https://sub.wild.example")]
    public async Task Request_AllowedOrigin_GetsCorsHeaders(string origin)
    {
        using var response = await SendWithOriginAsync(origin);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(origin, response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal("apigw-requestid,x-result", response.Headers.GetValues("Access-Control-Expose-Headers").Single());
        Assert.Contains("Origin", response.Headers.Vary);
    }

    [Theory]
    [InlineData("https://evil.example")]
    [InlineData("http://allowed.example")]
    [InlineData("https://wild.example")]
    public async Task Request_DisallowedOrigin_GetsNoCorsHeaders(string origin)
    {
        using var response = await SendWithOriginAsync(origin);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.False(response.Headers.Contains("Access-Control-Expose-Headers"));
    }

    [Fact]
    public async Task Request_LocalOrigins_AreAllowed()
    {
        var port = _stack.Port.ToString(CultureInfo.InvariantCulture);
        foreach (var origin in new[] { $"http://localhost:{port}", $"http://127.0.0.1:{port}" })
        {
            using var response = await SendWithOriginAsync(origin);

            Assert.Equal(origin, response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        }
    }

    [Fact]
    public async Task Request_FunctionCorsHeaders_AreReplaced()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/respond")
        {
            Content = new StringContent(
                """{"statusCode":200,"headers":{"access-control-allow-origin":"*","access-control-allow-credentials":"true"}}""",
                Encoding.UTF8,
                "application/json"),
        };
        request.Headers.Add("Origin", "https://evil.example");

        using var response = await _stack.Client.SendAsync(request, Token);

        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.False(response.Headers.Contains("Access-Control-Allow-Credentials"));
    }

    [Fact]
    public async Task Preflight_AllowedOrigin_Returns204WithPolicy()
    {
        using var response = await PreflightAsync("https://allowed.example", "POST", "content-type,x-custom");

        Assert.Equal(204, (int)response.StatusCode);
        Assert.Equal("https://allowed.example", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal("GET,POST", response.Headers.GetValues("Access-Control-Allow-Methods").Single());
        Assert.Equal("content-type,x-custom", response.Headers.GetValues("Access-Control-Allow-Headers").Single());
        Assert.Equal("300", response.Headers.GetValues("Access-Control-Max-Age").Single());
        Assert.Single(response.Headers.GetValues("apigw-requestid"));
        Assert.Empty(await response.Content.ReadAsByteArrayAsync(Token));
    }

    [Fact]
    public async Task Preflight_DisallowedOrigin_Returns204WithoutPolicy()
    {
        using var response = await PreflightAsync("https://evil.example", "POST", "content-type");

        Assert.Equal(204, (int)response.StatusCode);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.False(response.Headers.Contains("Access-Control-Allow-Methods"));
        Assert.Single(response.Headers.GetValues("apigw-requestid"));
    }

    [Fact]
    public async Task Preflight_UnknownPath_IsStillAnswered()
    {
        using var response = await PreflightAsync("https://allowed.example", "POST", null, "/no-such-route");

        Assert.Equal(204, (int)response.StatusCode);
        Assert.Equal("https://allowed.example", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [Fact]
    public async Task Options_WithoutRequestMethod_IsNotPreflight()
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, "/pid");
        request.Headers.Add("Origin", "https://allowed.example");

        using var response = await _stack.Client.SendAsync(request, Token);

        await GatewayResponseMappingTests.AssertGatewayErrorAsync(response, 404, "Not Found");
    }

    private async Task<HttpResponseMessage> SendWithOriginAsync(string origin)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/echo");
        request.Headers.Add("Origin", origin);
        return await _stack.Client.SendAsync(request, Token);
    }

    private async Task<HttpResponseMessage> PreflightAsync(
        string origin, string method, string? headers, string path = "/createUser")
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", method);
        if (headers is not null)
        {
            request.Headers.Add("Access-Control-Request-Headers", headers);
        }

        return await _stack.Client.SendAsync(request, Token);
    }
}
