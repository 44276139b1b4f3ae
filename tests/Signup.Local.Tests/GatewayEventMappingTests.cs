using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Signup.Local.Tests.Support;

namespace Signup.Local.Tests;

/// <summary>How the gateway turns HTTP requests into payload format 2.0 events, seen from the function.</summary>
public sealed class GatewayEventMappingTests(SharedStack shared)
{
    private readonly TestStack _stack = shared.Stack;

    private CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Event_TopLevel_HasVersionRouteAndPath()
    {
        var (_, apiEvent) = await _stack.EchoAsync(new HttpRequestMessage(HttpMethod.Get, "/echo"), Token);

        Assert.Equal("2.0", apiEvent.GetProperty("version").GetString());
        Assert.Equal("ANY /echo", apiEvent.GetProperty("routeKey").GetString());
        Assert.Equal("/echo", apiEvent.GetProperty("rawPath").GetString());
        Assert.Equal(string.Empty, apiEvent.GetProperty("rawQueryString").GetString());
        Assert.False(apiEvent.GetProperty("isBase64Encoded").GetBoolean());
        Assert.False(apiEvent.TryGetProperty("body", out _));
        Assert.False(apiEvent.TryGetProperty("cookies", out _));
        Assert.False(apiEvent.TryGetProperty("queryStringParameters", out _));
    }

    [Fact]
    public async Task Headers_Names_AreLowerCased()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/echo");
        request.Headers.TryAddWithoutValidation("X-Mixed-Case", "value");

        var (_, apiEvent) = await _stack.EchoAsync(request, Token);
        var headers = apiEvent.GetProperty("headers");

        Assert.Equal("value", headers.GetProperty("x-mixed-case").GetString());
        Assert.False(headers.TryGetProperty("X-Mixed-Case", out _));
    }

    [Fact]
    public async Task Headers_Repeated_AreCommaJoined()
    {
        var (status, response) = await RawHttp.SendAsync(
            _stack.Port, "GET", "/echo", ["X-Repeated: one", "x-repeated: two", "Cookie: a=1", "Cookie: b=2"], Token);
        var apiEvent = JsonDocument.Parse(RawHttp.Body(response)).RootElement;

        Assert.Equal(200, status);
        Assert.Equal("one,two", apiEvent.GetProperty("headers").GetProperty("x-repeated").GetString());
        Assert.Equal(["a=1", "b=2"], apiEvent.GetProperty("cookies").EnumerateArray().Select(cookie => cookie.GetString()));
    }

    [Fact]
    public async Task Headers_ForwardingHeaders_AreAdded()
    {
        var (_, apiEvent) = await _stack.EchoAsync(new HttpRequestMessage(HttpMethod.Get, "/echo"), Token);
        var headers = apiEvent.GetProperty("headers");

        Assert.Equal("127.0.0.1", headers.GetProperty("x-forwarded-for").GetString());
        Assert.Equal(_stack.Port.ToString(CultureInfo.InvariantCulture), headers.GetProperty("x-forwarded-port").GetString());
        Assert.Equal("http", headers.GetProperty("x-forwarded-proto").GetString());
        Assert.StartsWith("Root=1-", headers.GetProperty("x-amzn-trace-id").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cookies_BecomeArray_NotHeader()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/echo");
        request.Headers.TryAddWithoutValidation("Cookie", "a=1; b=2");

        var (_, apiEvent) = await _stack.EchoAsync(request, Token);

        Assert.Equal(["a=1", "b=2"], apiEvent.GetProperty("cookies").EnumerateArray().Select(cookie => cookie.GetString()));
        Assert.False(apiEvent.GetProperty("headers").TryGetProperty("cookie", out _));
    }

    [Fact]
    public async Task Query_Repeated_IsCommaJoinedAndRawKept()
    {
        var (_, apiEvent) = await _stack.EchoAsync(
            new HttpRequestMessage(HttpMethod.Get, "/echo?a=1&a=2&b=x%20y&empty="), Token);
        var parameters = apiEvent.GetProperty("queryStringParameters");

        Assert.Equal("a=1&a=2&b=x%20y&empty=", apiEvent.GetProperty("rawQueryString").GetString());
        Assert.Equal("1,2", parameters.GetProperty("a").GetString());
        Assert.Equal("x y", parameters.GetProperty("b").GetString());
        Assert.Equal(string.Empty, parameters.GetProperty("empty").GetString());
    }

    [Fact]
    public async Task Body_JsonText_IsSentAsText()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/echo")
        {
            Content = new StringContent("{\"name\":\"Zoë & co\"}", Encoding.UTF8, "application/json"),
        };

        var (_, apiEvent) = await _stack.EchoAsync(request, Token);

        Assert.False(apiEvent.GetProperty("isBase64Encoded").GetBoolean());
        Assert.Equal("{\"name\":\"Zoë & co\"}", apiEvent.GetProperty("body").GetString());
    }

    [Fact]
    public async Task Body_Binary_IsBase64Encoded()
    {
        byte[] bytes = [0x00, 0xFF, 0x10, 0x80, 0x7F];
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");

        var (_, apiEvent) = await _stack.EchoAsync(new HttpRequestMessage(HttpMethod.Post, "/echo") { Content = content }, Token);

        Assert.True(apiEvent.GetProperty("isBase64Encoded").GetBoolean());
        Assert.Equal(Convert.ToBase64String(bytes), apiEvent.GetProperty("body").GetString());
    }

    [Fact]
    public async Task Body_InvalidUtf8Text_IsBase64Encoded()
    {
        byte[] bytes = [0x61, 0xC3, 0x28];
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/plain");

        var (_, apiEvent) = await _stack.EchoAsync(new HttpRequestMessage(HttpMethod.Post, "/echo") { Content = content }, Token);

        Assert.True(apiEvent.GetProperty("isBase64Encoded").GetBoolean());
        Assert.Equal(Convert.ToBase64String(bytes), apiEvent.GetProperty("body").GetString());
    }

    [Fact]
    public async Task RequestContext_Fields_DescribeRequest()
    {
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        var request = new HttpRequestMessage(HttpMethod.Post, "/echo") { Content = new StringContent("x") };
        request.Headers.UserAgent.ParseAdd("signup-tests/1.0");

        var (response, apiEvent) = await _stack.EchoAsync(request, Token);
        var context = apiEvent.GetProperty("requestContext");
        var http = context.GetProperty("http");

        Assert.Equal(response.Headers.GetValues("apigw-requestid").Single(), context.GetProperty("requestId").GetString());
        Assert.Equal("POST", http.GetProperty("method").GetString());
        Assert.Equal("/echo", http.GetProperty("path").GetString());
        Assert.Equal("HTTP/1.1", http.GetProperty("protocol").GetString());
        Assert.Equal("127.0.0.1", http.GetProperty("sourceIp").GetString());
        Assert.Equal("signup-tests/1.0", http.GetProperty("userAgent").GetString());
        Assert.Equal("ANY /echo", context.GetProperty("routeKey").GetString());
        Assert.Equal("$default", context.GetProperty("stage").GetString());
        Assert.Equal("123456789012", context.GetProperty("accountId").GetString());
        Assert.Equal(_stack.Stack.Configuration.HttpApis[0].ApiId, context.GetProperty("apiId").GetString());
        Assert.Equal("127.0.0.1", context.GetProperty("domainName").GetString());
        Assert.Matches(@"^\d{2}/[A-Z][a-z]{2}/\d{4}:\d{2}:\d{2}:\d{2} \+0000$", context.GetProperty("time").GetString());
        var epoch = DateTimeOffset.FromUnixTimeMilliseconds(context.GetProperty("timeEpoch").GetInt64());
        Assert.InRange(epoch, before, DateTimeOffset.UtcNow.AddSeconds(1));
    }

    [Fact]
    public async Task RequestContext_Time_MatchesTimeEpoch()
    {
        var (_, apiEvent) = await _stack.EchoAsync(new HttpRequestMessage(HttpMethod.Get, "/echo"), Token);
        var context = apiEvent.GetProperty("requestContext");

        var epoch = DateTimeOffset.FromUnixTimeMilliseconds(context.GetProperty("timeEpoch").GetInt64());
        var expected = epoch.UtcDateTime.ToString("dd/MMM/yyyy:HH:mm:ss", CultureInfo.InvariantCulture) + " +0000";

        Assert.Equal(expected, context.GetProperty("time").GetString());
    }

    [Theory]
    [InlineData("/items/42", "GET /items/{id}", "id", "42")]
    [InlineData("/files/a/b/c.txt", "GET /files/{path+}", "path", "a/b/c.txt")]
    public async Task PathParameters_Route_AreExtracted(string path, string routeKey, string name, string value)
    {
        var (_, apiEvent) = await _stack.EchoAsync(new HttpRequestMessage(HttpMethod.Get, path), Token);

        Assert.Equal(routeKey, apiEvent.GetProperty("routeKey").GetString());
        Assert.Equal(value, apiEvent.GetProperty("pathParameters").GetProperty(name).GetString());
    }

    [Fact]
    public async Task Event_ForwardedXForwardedFor_KeepsClientValue()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/echo");
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", "203.0.113.9");

        var (_, apiEvent) = await _stack.EchoAsync(request, Token);

        Assert.Equal("203.0.113.9, 127.0.0.1", apiEvent.GetProperty("headers").GetProperty("x-forwarded-for").GetString());
    }
}
