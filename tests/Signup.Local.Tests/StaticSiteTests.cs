using Signup.Local.Tests.Support;

namespace Signup.Local.Tests;

/// <summary>The static site the gateway serves for requests that no route takes.</summary>
public sealed class StaticSiteTests(SharedStack shared)
{
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    private readonly TestStack _stack = shared.Stack;

    private CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/", "text/html")]
    [InlineData("/index.html", "text/html")]
    [InlineData("/app.js", "text/javascript")]
    [InlineData("/styles.css", "text/css")]
    [InlineData("/favicon.svg", "image/svg+xml")]
    [InlineData("/sub/page.html", "text/html")]
    public async Task File_IsServedWithTypeAndSecurityHeaders(string path, string mediaType)
    {
        using var response = await _stack.Client.GetAsync(path, Token);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(ContentSecurityPolicy, response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Single(response.Headers.GetValues("apigw-requestid"));
    }

    [Fact]
    public async Task Index_ForRoot_HasPageContent()
    {
        var body = await _stack.Client.GetStringAsync("/", Token);

        Assert.Equal("<!doctype html><title>test</title>", body);
    }

    [Fact]
    public async Task Head_SendsHeadersOnly()
    {
        using var response = await _stack.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/app.js"), Token);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("export const x = 1;".Length, response.Content.Headers.ContentLength);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync(Token));
    }

    [Fact]
    public async Task ETag_Matching_Returns304()
    {
        using var first = await _stack.Client.GetAsync("/styles.css", Token);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/styles.css");
        request.Headers.IfNoneMatch.Add(first.Headers.ETag!);

        using var second = await _stack.Client.SendAsync(request, Token);

        Assert.Equal(304, (int)second.StatusCode);
    }

    [Theory]
    [InlineData("/sub/")]
    [InlineData("/sub")]
    [InlineData("/missing.html")]
    [InlineData("/.env")]
    [InlineData("/.git/config")]
    [InlineData("/notes.unknown")]
    [InlineData("//index.html")]
    public async Task NotServable_Returns404(string path)
    {
        var (status, response) = await RawHttp.GetAsync(_stack.Port, path, Token);

        Assert.Equal(404, status);
        Assert.DoesNotContain(SharedStack.SecretText, response, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/../secret.txt")]
    [InlineData("/sub/../../secret.txt")]
    [InlineData("/%2e%2e/secret.txt")]
    [InlineData("/%2E%2E/secret.txt")]
    [InlineData("/..%2fsecret.txt")]
    [InlineData("/..%2Fsecret.txt")]
    [InlineData("/%2e%2e%2fsecret.txt")]
    [InlineData("/..%5csecret.txt")]
    [InlineData("/sub/%2e%2e/%2e%2e/secret.txt")]
    [InlineData("/.%2e/secret.txt")]
    public async Task Traversal_IsRejected(string path)
    {
        var (status, response) = await RawHttp.GetAsync(_stack.Port, path, Token);

        Assert.NotEqual(200, status);
        Assert.DoesNotContain(SharedStack.SecretText, response, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_ToStaticFile_Returns404()
    {
        using var response = await _stack.Client.PostAsync("/index.html", new StringContent("x"), Token);

        await GatewayResponseMappingTests.AssertGatewayErrorAsync(response, 404, "Not Found");
    }
}
