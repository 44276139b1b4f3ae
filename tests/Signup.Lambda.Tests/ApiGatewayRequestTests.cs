using System.Text;
using System.Text.Json;
using Signup.Lambda.ApiGateway;

namespace Signup.Lambda.Tests;

public sealed class ApiGatewayRequestTests
{
    [Theory]
    [InlineData("""{"version":"2.0","routeKey":"$default"}""", ApiGatewayPayloadVersion.V2)]
    [InlineData("""{"routeKey":"$default","version":"2.0"}""", ApiGatewayPayloadVersion.V2)]
    [InlineData("""{"httpMethod":"GET","path":"/"}""", ApiGatewayPayloadVersion.V1)]
    [InlineData("""{"version":"1.0","httpMethod":"GET"}""", ApiGatewayPayloadVersion.V1)]
    [InlineData("""{"headers":{"a":"b"},"httpMethod":"GET"}""", ApiGatewayPayloadVersion.V1)]
    [InlineData("""{"version":"1.0"}""", ApiGatewayPayloadVersion.Unknown)]
    [InlineData("""{"version":2.0}""", ApiGatewayPayloadVersion.Unknown)]
    [InlineData("""{"requestContext":{"version":"2.0","httpMethod":"GET"}}""", ApiGatewayPayloadVersion.Unknown)]
    [InlineData("""{}""", ApiGatewayPayloadVersion.Unknown)]
    [InlineData("""["version","2.0"]""", ApiGatewayPayloadVersion.Unknown)]
    [InlineData("""{"version":""", ApiGatewayPayloadVersion.Unknown)]
    [InlineData("not json", ApiGatewayPayloadVersion.Unknown)]
    [InlineData("", ApiGatewayPayloadVersion.Unknown)]
    public void DetectVersion_Payload_ReturnsFormat(string json, ApiGatewayPayloadVersion expected)
    {
        Assert.Equal(expected, ApiGatewayPayload.DetectVersion(Encoding.UTF8.GetBytes(json)));
    }

    [Theory]
    [InlineData("http-api-v2-request.json", ApiGatewayPayloadVersion.V2)]
    [InlineData("rest-api-v1-request.json", ApiGatewayPayloadVersion.V1)]
    [InlineData("http-api-v1-request.json", ApiGatewayPayloadVersion.V1)]
    public void DetectVersion_Sample_ReturnsFormat(string sample, ApiGatewayPayloadVersion expected)
    {
        var json = Encoding.UTF8.GetBytes(ApiGatewayEventJsonTests.ReadSample(sample));

        Assert.Equal(expected, ApiGatewayPayload.DetectVersion(json));
    }

    [Fact]
    public void TryParse_HttpApiV2Sample_ReadsFields()
    {
        var json = Encoding.UTF8.GetBytes(ApiGatewayEventJsonTests.ReadSample("http-api-v2-request.json"));

        Assert.True(ApiGatewayRequest.TryParse(json, out var request));
        Assert.Equal(ApiGatewayPayloadVersion.V2, request.PayloadVersion);
        Assert.NotNull(request.HttpApiV2Event);
        Assert.Null(request.ProxyEvent);
        Assert.Equal("POST", request.HttpMethod);
        Assert.Equal("/eu/createUser", request.Path);
        Assert.Equal("HkQ3rjTJDoEEMbA=", request.RequestId);
        Assert.Equal("203.0.113.24", request.SourceIp);
        Assert.Equal("https://signup.example.org", request.GetHeader("Origin"));
        Assert.True(request.TryDecodeBody(out var body));
        Assert.Equal("""{"username":"Ada","email":"ada@example.org","password":"correct horse"}""",
            Encoding.UTF8.GetString(body));
    }

    [Fact]
    public void TryParse_RestSample_ReadsFields()
    {
        var json = Encoding.UTF8.GetBytes(ApiGatewayEventJsonTests.ReadSample("rest-api-v1-request.json"));

        Assert.True(ApiGatewayRequest.TryParse(json, out var request));
        Assert.Equal(ApiGatewayPayloadVersion.V1, request.PayloadVersion);
        Assert.NotNull(request.ProxyEvent);
        Assert.Null(request.HttpApiV2Event);
        Assert.Equal("POST", request.HttpMethod);
        Assert.Equal("/createUser", request.Path);
        Assert.Equal("c6af9ac6-7b61-11e6-9a41-93e8deadbeef", request.RequestId);
        Assert.Equal("198.51.100.7", request.SourceIp);
        Assert.Equal("application/json", request.GetHeader("content-type"));
        Assert.True(request.TryDecodeBody(out var body));
        Assert.Equal("""{"username":"Ada"}""", Encoding.UTF8.GetString(body));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"routeKey":"$default"}""")]
    [InlineData("""{"version":"2.0","rawPath":"/createUser"}""")]
    [InlineData("""{"version":"2.0","requestContext":{"http":{"method":"POST"}}}""")]
    [InlineData("""{"httpMethod":"POST"}""")]
    [InlineData("""{"httpMethod":"POST","path":""}""")]
    [InlineData("""{"httpMethod":"POST","path":"/createUser","headers":5}""")]
    [InlineData("""{"version":"2.0","rawPath":"/x","requestContext":{"http":{"method":"POST"},"timeEpoch":"soon"}}""")]
    public void TryParse_InvalidEvent_ReturnsFalse(string json)
    {
        Assert.False(ApiGatewayRequest.TryParse(Encoding.UTF8.GetBytes(json), out var request));
        Assert.Null(request);
    }

    [Fact]
    public void TryParse_NoRawPath_UsesHttpPath()
    {
        var json = """{"version":"2.0","requestContext":{"http":{"method":"GET","path":"/health"}}}"""u8;

        Assert.True(ApiGatewayRequest.TryParse(json, out var request));
        Assert.Equal("/health", request.Path);
    }

    [Fact]
    public void SerializeResponse_V2Event_WritesV2()
    {
        var json = Encoding.UTF8.GetBytes(ApiGatewayEventJsonTests.ReadSample("http-api-v2-request.json"));
        Assert.True(ApiGatewayRequest.TryParse(json, out var request));
        var headers = new Dictionary<string, string> { ["content-type"] = "application/json" };

        var bytes = request.SerializeResponse(200, headers, """{"ok":true}""");
        using var document = JsonDocument.Parse(bytes);
        var root = document.RootElement;

        Assert.Equal(200, root.GetProperty("statusCode").GetInt32());
        Assert.Equal("application/json", root.GetProperty("headers").GetProperty("content-type").GetString());
        Assert.Equal("""{"ok":true}""", root.GetProperty("body").GetString());
        Assert.False(root.GetProperty("isBase64Encoded").GetBoolean());
        Assert.False(root.TryGetProperty("multiValueHeaders", out _));
        Assert.False(root.TryGetProperty("cookies", out _));
    }

    [Fact]
    public void SerializeResponse_V1Event_WritesV1()
    {
        var json = Encoding.UTF8.GetBytes(ApiGatewayEventJsonTests.ReadSample("rest-api-v1-request.json"));
        Assert.True(ApiGatewayRequest.TryParse(json, out var request));

        var bytes = request.SerializeResponse(409, null, "conflict");
        var response = JsonSerializer.Deserialize(bytes, LambdaJsonContext.Default.ApiGatewayProxyResponse);

        Assert.NotNull(response);
        Assert.Equal(409, response.StatusCode);
        Assert.Null(response.Headers);
        Assert.Equal("conflict", response.Body);
        Assert.Equal(
            """{"statusCode":409,"body":"conflict","isBase64Encoded":false}""", Encoding.UTF8.GetString(bytes));
    }
}
