using System.Globalization;
using System.Text;
using Signup.Local.Tests.Support;

namespace Signup.Local.Tests;

/// <summary>How the gateway turns function results into HTTP responses.</summary>
public sealed class GatewayResponseMappingTests(SharedStack shared)
{
    private readonly TestStack _stack = shared.Stack;

    private CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Structured_StatusHeadersBody_AreSent()
    {
        using var response = await RespondAsync(
            """{"statusCode":201,"headers":{"content-type":"text/plain","x-result":"ok","x-number":7},"body":"created"}""");

        Assert.Equal(201, (int)response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.ToString());
        Assert.Equal("ok", response.Headers.GetValues("x-result").Single());
        Assert.Equal("7", response.Headers.GetValues("x-number").Single());
        Assert.Equal("created", await response.Content.ReadAsStringAsync(Token));
    }

    [Fact]
    public async Task Cookies_BecomeSetCookieHeaders()
    {
        using var response = await RespondAsync(
            """{"statusCode":200,"cookies":["a=1; Path=/","b=2; HttpOnly"],"body":""}""");

        Assert.Equal(["a=1; Path=/", "b=2; HttpOnly"], response.Headers.GetValues("Set-Cookie"));
    }

    [Fact]
    public async Task Base64Body_IsDecoded()
    {
        byte[] bytes = [0x89, 0x50, 0x4E, 0x47, 0x00, 0xFF];
        using var response = await RespondAsync(
            $$"""{"statusCode":200,"headers":{"content-type":"image/png"},"isBase64Encoded":true,"body":"{{Convert.ToBase64String(bytes)}}"}""");

        Assert.Equal(bytes, await response.Content.ReadAsByteArrayAsync(Token));
    }

    [Theory]
    [InlineData("""{"message":"hello"}""")]
    [InlineData("""["a",1]""")]
    [InlineData("\"just a string\"")]
    [InlineData("42")]
    public async Task NoStatusCode_IsInferredAs200Json(string result)
    {
        using var response = await RespondAsync(result);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(result, await response.Content.ReadAsStringAsync(Token));
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("""{"statusCode":"200","body":"x"}""")]
    [InlineData("""{"statusCode":99}""")]
    [InlineData("""{"statusCode":200,"body":{"nested":true}}""")]
    [InlineData("""{"statusCode":200,"headers":["x"]}""")]
    [InlineData("""{"statusCode":200,"isBase64Encoded":true,"body":"%%%"}""")]
    [InlineData("""{"statusCode":200,"cookies":[1]}""")]
    public async Task Malformed_Returns500(string result)
    {
        using var response = await RespondAsync(result);

        await AssertGatewayErrorAsync(response, 500, "Internal Server Error");
    }

    [Fact]
    public async Task FunctionError_Returns500()
    {
        using var response = await _stack.Client.PostAsync("/throw", new StringContent("{}"), Token);

        await AssertGatewayErrorAsync(response, 500, "Internal Server Error");
    }

    [Fact]
    public async Task ResponseOverLambdaLimit_Returns500()
    {
        using var response = await _stack.Client.GetAsync(
            "/big?bytes=" + (7 * 1024 * 1024).ToString(CultureInfo.InvariantCulture), Token);

        await AssertGatewayErrorAsync(response, 500, "Internal Server Error");
    }

    [Fact]
    public async Task ResponseUnderLambdaLimit_IsSent()
    {
        using var response = await _stack.Client.GetAsync("/big?bytes=1000000", Token);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(1_000_000, (await response.Content.ReadAsStringAsync(Token)).Length);
    }

    [Fact]
    public async Task FunctionHeaders_ConnectionHeadersAreDropped()
    {
        using var response = await RespondAsync(
            """{"statusCode":200,"headers":{"content-length":"999","transfer-encoding":"chunked","x-kept":"yes"},"body":"abc"}""");

        Assert.Equal("abc", await response.Content.ReadAsStringAsync(Token));
        Assert.Equal(3, response.Content.Headers.ContentLength);
        Assert.Equal("yes", response.Headers.GetValues("x-kept").Single());
    }

    internal static async Task AssertGatewayErrorAsync(HttpResponseMessage response, int status, string message)
    {
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal($$"""{"message":"{{message}}"}""", await response.Content.ReadAsStringAsync());
        Assert.Single(response.Headers.GetValues("apigw-requestid"));
    }

    private Task<HttpResponseMessage> RespondAsync(string result) =>
        _stack.Client.PostAsync("/respond", new StringContent(result, Encoding.UTF8, "application/json"), Token);
}
