using System.Net.Http.Headers;
using System.Text.Json;
using Signup.Local.Tests.Support;

namespace Signup.Local.Tests;

/// <summary>Routing, the payload limits, request ids and the access log.</summary>
public sealed class GatewayLimitsTests(SharedStack shared)
{
    private readonly TestStack _stack = shared.Stack;

    private CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("GET", "/no-such-route")]
    [InlineData("GET", "/createUser")]
    [InlineData("DELETE", "/pid")]
    [InlineData("POST", "/items/1/extra")]
    [InlineData("GET", "/files/")]
    public async Task UnknownRoute_Returns404(string method, string path)
    {
        using var response = await _stack.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path), Token);

        await GatewayResponseMappingTests.AssertGatewayErrorAsync(response, 404, "Not Found");
    }

    [Fact]
    public async Task Body_OverTenMegabytes_Returns413()
    {
        var content = new ByteArrayContent(new byte[(10 * 1024 * 1024) + 1]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");

        using var response = await _stack.Client.PostAsync("/echo", content, Token);

        await GatewayResponseMappingTests.AssertGatewayErrorAsync(response, 413, "Request Entity Too Large");
    }

    [Fact]
    public async Task ChunkedBody_OverTenMegabytes_Returns413()
    {
        var content = new StreamContent(new MemoryStream(new byte[(10 * 1024 * 1024) + 1]));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/echo") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await _stack.Client.SendAsync(request, Token);

        await GatewayResponseMappingTests.AssertGatewayErrorAsync(response, 413, "Request Entity Too Large");
    }

    [Fact]
    public async Task Event_OverLambdaLimit_Returns413()
    {
        // 5 MB of binary data grows to about 6.7 MB as base64 in the event, over Lambda's 6 MB.
        var content = new ByteArrayContent(new byte[5 * 1024 * 1024]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");

        using var response = await _stack.Client.PostAsync("/echo", content, Token);

        await GatewayResponseMappingTests.AssertGatewayErrorAsync(response, 413, "Request Entity Too Large");
    }

    [Fact]
    public async Task Body_UnderLimits_ReachesFunction()
    {
        var content = new ByteArrayContent(new byte[3 * 1024 * 1024]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");

        using var response = await _stack.Client.PostAsync("/echo", content, Token);

        Assert.Equal(200, (int)response.StatusCode);
    }

    [Fact]
    public async Task RequestId_EachResponse_IsUnique()
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 20; i++)
        {
            using var response = await _stack.Client.GetAsync("/no-such-route", Token);
            ids.Add(response.Headers.GetValues("apigw-requestid").Single());
        }

        Assert.Equal(20, ids.Count);
        Assert.All(ids, id => Assert.Matches("^[A-Za-z0-9+/]{15}=$", id));
    }

    [Fact]
    public async Task AccessLog_OneJsonLinePerRequest()
    {
        using var response = await _stack.Client.GetAsync("/pid", Token);
        var requestId = response.Headers.GetValues("apigw-requestid").Single();

        var line = await _stack.Output.WaitForLineAsync(
            candidate => candidate.StartsWith('{') && candidate.Contains(requestId, StringComparison.Ordinal),
            TimeSpan.FromSeconds(5));

        Assert.NotNull(line);
        var entry = JsonDocument.Parse(line).RootElement;
        Assert.Equal(requestId, entry.GetProperty("requestId").GetString());
        Assert.Equal("127.0.0.1", entry.GetProperty("ip").GetString());
        Assert.Matches(@"^\d{2}/[A-Z][a-z]{2}/\d{4}:\d{2}:\d{2}:\d{2} \+0000$", entry.GetProperty("requestTime").GetString());
        Assert.Equal("GET", entry.GetProperty("httpMethod").GetString());
        Assert.Equal("GET /pid", entry.GetProperty("routeKey").GetString());
        Assert.Equal(200, entry.GetProperty("status").GetInt32());
        Assert.Equal("HTTP/1.1", entry.GetProperty("protocol").GetString());
        Assert.Equal(response.Content.Headers.ContentLength, entry.GetProperty("responseLength").GetInt64());
        Assert.True(entry.GetProperty("responseLatency").GetInt64() >= entry.GetProperty("integrationLatency").GetInt64());
        Assert.Single(_stack.Output.Lines, candidate => candidate.Contains(requestId, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AccessLog_GatewayError_HasNoIntegrationLatency()
    {
        using var response = await _stack.Client.GetAsync("/no-such-route", Token);
        var requestId = response.Headers.GetValues("apigw-requestid").Single();

        var line = await _stack.Output.WaitForLineAsync(
            candidate => candidate.Contains(requestId, StringComparison.Ordinal), TimeSpan.FromSeconds(5));

        Assert.NotNull(line);
        var entry = JsonDocument.Parse(line).RootElement;
        Assert.Equal(404, entry.GetProperty("status").GetInt32());
        Assert.Equal("-", entry.GetProperty("routeKey").GetString());
        Assert.Equal(JsonValueKind.Null, entry.GetProperty("integrationLatency").ValueKind);
    }
}
