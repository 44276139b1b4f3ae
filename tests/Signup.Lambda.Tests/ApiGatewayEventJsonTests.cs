using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace Signup.Lambda.Tests;

/// <summary>
/// Deserializes the sample events in Samples/ and serializes them back with <see cref="LambdaJsonContext"/>.
/// </summary>
public sealed class ApiGatewayEventJsonTests
{
    [Fact]
    public void HttpApiV2Request_Sample_ReadsEveryField()
    {
        var request = Deserialize("http-api-v2-request.json", LambdaJsonContext.Default.ApiGatewayHttpApiV2Request);
        var context = request.RequestContext;

        Assert.Equal("2.0", request.Version);
        Assert.Equal("POST /{tenant}/createUser", request.RouteKey);
        Assert.Equal("/eu/createUser", request.RawPath);
        Assert.Equal("source=landing&ref=a&ref=b", request.RawQueryString);
        Assert.Equal(["session=9f3c1e", "theme=dark"], request.Cookies!);
        Assert.Equal("application/json", request.Headers!["content-type"]);
        Assert.Equal("a,b", request.QueryStringParameters!["ref"]);
        Assert.Equal("eu", request.PathParameters!["tenant"]);
        Assert.Equal("users", request.StageVariables!["tableName"]);
        Assert.Equal("""{"username":"Ada","email":"ada@example.org","password":"correct horse"}""", request.Body);
        Assert.False(request.IsBase64Encoded);
        Assert.NotNull(context);
        Assert.Equal("123456789012", context.AccountId);
        Assert.Equal("k7x2mq9d1e", context.ApiId);
        Assert.Equal("k7x2mq9d1e.execute-api.eu-west-1.amazonaws.com", context.DomainName);
        Assert.Equal("k7x2mq9d1e", context.DomainPrefix);
        Assert.Equal("HkQ3rjTJDoEEMbA=", context.RequestId);
        Assert.Equal("POST /{tenant}/createUser", context.RouteKey);
        Assert.Equal("$default", context.Stage);
        Assert.Equal("14/Mar/2025:09:21:07 +0000", context.Time);
        Assert.Equal(1741944067123, context.TimeEpoch);
        Assert.Equal("POST", context.Http?.Method);
        Assert.Equal("/eu/createUser", context.Http?.Path);
        Assert.Equal("HTTP/1.1", context.Http?.Protocol);
        Assert.Equal("203.0.113.24", context.Http?.SourceIp);
        Assert.Equal("Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0", context.Http?.UserAgent);
        Assert.Equal("7c1e55e2-1b34-4a1f-9f0e-2d8d3c6b9a01", context.Authorizer?.Jwt?.Claims?["sub"]);
        Assert.Equal(["signup.write"], context.Authorizer?.Jwt?.Scopes ?? []);
    }

    [Fact]
    public void ProxyRequest_RestSample_ReadsEveryField()
    {
        var request = Deserialize("rest-api-v1-request.json", LambdaJsonContext.Default.ApiGatewayProxyRequest);
        var context = request.RequestContext;

        Assert.Null(request.Version);
        Assert.Equal("/createUser", request.Resource);
        Assert.Equal("/createUser", request.Path);
        Assert.Equal("POST", request.HttpMethod);
        Assert.Equal("curl/8.5.0", request.Headers!["User-Agent"]);
        Assert.Equal(["blue", "green"], request.MultiValueHeaders!["X-Custom-Tag"]);
        Assert.Equal("b", request.QueryStringParameters!["ref"]);
        Assert.Equal(["a", "b"], request.MultiValueQueryStringParameters!["ref"]);
        Assert.Null(request.PathParameters);
        Assert.Null(request.StageVariables);
        Assert.Equal("eyJ1c2VybmFtZSI6IkFkYSJ9", request.Body);
        Assert.True(request.IsBase64Encoded);
        Assert.NotNull(context);
        Assert.Equal("123456789012", context.AccountId);
        Assert.Equal("p4r8s2t6u0", context.ApiId);
        Assert.Equal("user-42", context.Authorizer?["principalId"].GetString());
        Assert.Equal(12, context.Authorizer?["integrationLatency"].GetInt32());
        Assert.Equal("p4r8s2t6u0.execute-api.eu-west-1.amazonaws.com", context.DomainName);
        Assert.Equal("p4r8s2t6u0", context.DomainPrefix);
        Assert.Equal("HkQ9bFq0DoEFZ2w=", context.ExtendedRequestId);
        Assert.Equal("POST", context.HttpMethod);
        Assert.Equal("/prod/createUser", context.Path);
        Assert.Equal("HTTP/1.1", context.Protocol);
        Assert.Equal("c6af9ac6-7b61-11e6-9a41-93e8deadbeef", context.RequestId);
        Assert.Equal("14/Mar/2025:09:22:41 +0000", context.RequestTime);
        Assert.Equal(1741944161456, context.RequestTimeEpoch);
        Assert.Equal("a1b2c3", context.ResourceId);
        Assert.Equal("/createUser", context.ResourcePath);
        Assert.Equal("prod", context.Stage);
        Assert.Equal("198.51.100.7", context.Identity?.SourceIp);
        Assert.Equal("curl/8.5.0", context.Identity?.UserAgent);
        Assert.Null(context.Identity?.UserArn);
    }

    [Fact]
    public void ProxyRequest_HttpApiV1Sample_ReadsVersion()
    {
        var request = Deserialize("http-api-v1-request.json", LambdaJsonContext.Default.ApiGatewayProxyRequest);

        Assert.Equal("1.0", request.Version);
        Assert.Equal("POST", request.HttpMethod);
        Assert.Equal("/createUser", request.Path);
        Assert.Null(request.QueryStringParameters);
        Assert.Equal("203.0.113.24", request.RequestContext?.Identity?.SourceIp);
        Assert.Equal("HkR1xgYQDoEEJdg=", request.RequestContext?.RequestId);
    }

    [Fact]
    public void HttpApiV2Response_Sample_ReadsEveryField()
    {
        var response = Deserialize("http-api-v2-response.json", LambdaJsonContext.Default.ApiGatewayHttpApiV2Response);

        Assert.Equal(201, response.StatusCode);
        Assert.Equal("no-store", response.Headers!["cache-control"]);
        Assert.Equal(2, response.Cookies!.Count);
        Assert.Equal("""{"username":"Ada"}""", response.Body);
        Assert.False(response.IsBase64Encoded);
    }

    [Fact]
    public void ProxyResponse_Sample_ReadsEveryField()
    {
        var response = Deserialize("rest-api-v1-response.json", LambdaJsonContext.Default.ApiGatewayProxyResponse);

        Assert.Equal(400, response.StatusCode);
        Assert.Equal("application/problem+json", response.Headers!["Content-Type"]);
        Assert.Equal(["a=1; Secure", "b=2; Secure"], response.MultiValueHeaders!["Set-Cookie"]);
        Assert.Equal("eyJ0aXRsZSI6IkludmFsaWQifQ==", response.Body);
        Assert.True(response.IsBase64Encoded);
    }

    [Theory]
    [InlineData("http-api-v2-request.json")]
    [InlineData("rest-api-v1-request.json")]
    [InlineData("http-api-v1-request.json")]
    [InlineData("http-api-v2-response.json")]
    [InlineData("rest-api-v1-response.json")]
    public void Sample_SerializedBack_EqualsOriginalWithoutNulls(string sample)
    {
        var json = ReadSample(sample);
        var reserialized = sample switch
        {
            "http-api-v2-request.json" => RoundTrip(json, LambdaJsonContext.Default.ApiGatewayHttpApiV2Request),
            "http-api-v2-response.json" => RoundTrip(json, LambdaJsonContext.Default.ApiGatewayHttpApiV2Response),
            "rest-api-v1-response.json" => RoundTrip(json, LambdaJsonContext.Default.ApiGatewayProxyResponse),
            _ => RoundTrip(json, LambdaJsonContext.Default.ApiGatewayProxyRequest),
        };

        var expected = RemoveNulls(JsonNode.Parse(json));
        var actual = JsonNode.Parse(reserialized);
        Assert.True(
            JsonNode.DeepEquals(expected, actual),
            $"Expected {expected?.ToJsonString()}\nActual   {actual?.ToJsonString()}");
    }

    [Fact]
    public void LambdaError_Serialized_HasRuntimeApiShape()
    {
        var error = new LambdaError { ErrorMessage = "Broke", ErrorType = "IOException", StackTrace = ["at A.B()"] };

        var json = JsonSerializer.Serialize(error, LambdaJsonContext.Default.LambdaError);

        Assert.Equal("""{"errorMessage":"Broke","errorType":"IOException","stackTrace":["at A.B()"]}""", json);
    }

    internal static string ReadSample(string name) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Samples", name));

    private static T Deserialize<T>(string sample, JsonTypeInfo<T> typeInfo) =>
        JsonSerializer.Deserialize(ReadSample(sample), typeInfo)
        ?? throw new InvalidOperationException($"Sample {sample} deserialized to null.");

    private static string RoundTrip<T>(string json, JsonTypeInfo<T> typeInfo) =>
        JsonSerializer.Serialize(JsonSerializer.Deserialize(json, typeInfo)!, typeInfo);

    // The context leaves null properties out when writing, so the samples' explicit nulls cannot come back.
    private static JsonNode? RemoveNulls(JsonNode? node)
    {
        if (node is JsonObject obj)
        {
            foreach (var (name, _) in obj.Where(property => property.Value is null).ToList())
            {
                obj.Remove(name);
            }

            foreach (var (_, child) in obj)
            {
                RemoveNulls(child);
            }
        }

        return node;
    }
}
