using System.Text.Json;
using System.Text.Json.Serialization;

namespace Signup.Lambda.ApiGateway;

/// <summary>
/// Event that an API Gateway HTTP API sends to a Lambda proxy integration with payload format version 2.0.
/// Header names arrive lower-cased; repeated headers and query parameters are joined with commas.
/// See
/// <see href="https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html"/>.
/// </summary>
public sealed class ApiGatewayHttpApiV2Request
{
    /// <summary>Payload format version, always <c>2.0</c>.</summary>
    [JsonPropertyName("version")]
    public string? Version { get; init; }

    /// <summary>Route that matched, such as <c>POST /createUser</c> or <c>$default</c>.</summary>
    [JsonPropertyName("routeKey")]
    public string? RouteKey { get; init; }

    /// <summary>Request path as sent, without the API mapping of a custom domain.</summary>
    [JsonPropertyName("rawPath")]
    public string? RawPath { get; init; }

    /// <summary>Query string as sent, without the leading <c>?</c>.</summary>
    [JsonPropertyName("rawQueryString")]
    public string? RawQueryString { get; init; }

    /// <summary>Cookies from every <c>Cookie</c> header, one <c>name=value</c> per entry.</summary>
    [JsonPropertyName("cookies")]
    public IList<string>? Cookies { get; init; }

    /// <summary>Request headers by lower-case name; use <see cref="GetHeader"/> for lookups.</summary>
    [JsonPropertyName("headers")]
    public IDictionary<string, string>? Headers { get; init; }

    /// <summary>Decoded query parameters; repeated ones are joined with commas.</summary>
    [JsonPropertyName("queryStringParameters")]
    public IDictionary<string, string>? QueryStringParameters { get; init; }

    /// <summary>Values of the route's path parameters.</summary>
    [JsonPropertyName("pathParameters")]
    public IDictionary<string, string>? PathParameters { get; init; }

    /// <summary>Stage variables of the stage that received the request.</summary>
    [JsonPropertyName("stageVariables")]
    public IDictionary<string, string>? StageVariables { get; init; }

    /// <summary>Request metadata added by API Gateway.</summary>
    [JsonPropertyName("requestContext")]
    public RequestContextDescription? RequestContext { get; init; }

    /// <summary>Request body, base64-encoded when <see cref="IsBase64Encoded"/> is true.</summary>
    [JsonPropertyName("body")]
    public string? Body { get; init; }

    /// <summary>Whether <see cref="Body"/> is base64-encoded binary rather than text.</summary>
    [JsonPropertyName("isBase64Encoded")]
    public bool IsBase64Encoded { get; init; }

    /// <summary>Returns the value of header <paramref name="name"/>, matched case-insensitively, or null.</summary>
    public string? GetHeader(string name) => HeaderLookup.Find(Headers, name);

    /// <summary>
    /// Decodes <see cref="Body"/> into bytes: base64 when <see cref="IsBase64Encoded"/>, else UTF-8.
    /// Returns false, with empty content, when the body is not valid base64.
    /// </summary>
    public bool TryDecodeBody(out byte[] content) => ApiGatewayBody.TryDecode(Body, IsBase64Encoded, out content);

    /// <summary>Request metadata of a payload format 2.0 event.</summary>
    public sealed class RequestContextDescription
    {
        /// <summary>AWS account that owns the API.</summary>
        [JsonPropertyName("accountId")]
        public string? AccountId { get; init; }

        /// <summary>Identifier of the API.</summary>
        [JsonPropertyName("apiId")]
        public string? ApiId { get; init; }

        /// <summary>Authorizer output, when the route has an authorizer.</summary>
        [JsonPropertyName("authorizer")]
        public AuthorizerDescription? Authorizer { get; init; }

        /// <summary>Host name the client called.</summary>
        [JsonPropertyName("domainName")]
        public string? DomainName { get; init; }

        /// <summary>First label of <see cref="DomainName"/>.</summary>
        [JsonPropertyName("domainPrefix")]
        public string? DomainPrefix { get; init; }

        /// <summary>HTTP-level details of the request.</summary>
        [JsonPropertyName("http")]
        public HttpDescription? Http { get; init; }

        /// <summary>API Gateway's id for the request, also sent back in the <c>apigw-requestid</c> header.</summary>
        [JsonPropertyName("requestId")]
        public string? RequestId { get; init; }

        /// <summary>Route that matched, as in the event's <c>routeKey</c>.</summary>
        [JsonPropertyName("routeKey")]
        public string? RouteKey { get; init; }

        /// <summary>Stage name, <c>$default</c> for the default stage.</summary>
        [JsonPropertyName("stage")]
        public string? Stage { get; init; }

        /// <summary>Time of the request in CLF format, such as <c>12/Mar/2020:19:03:58 +0000</c>.</summary>
        [JsonPropertyName("time")]
        public string? Time { get; init; }

        /// <summary>Time of the request in Unix milliseconds.</summary>
        [JsonPropertyName("timeEpoch")]
        public long TimeEpoch { get; init; }
    }

    /// <summary>HTTP-level details of a payload format 2.0 request.</summary>
    public sealed class HttpDescription
    {
        /// <summary>HTTP method, upper-case.</summary>
        [JsonPropertyName("method")]
        public string? Method { get; init; }

        /// <summary>Request path.</summary>
        [JsonPropertyName("path")]
        public string? Path { get; init; }

        /// <summary>Protocol, such as <c>HTTP/1.1</c>.</summary>
        [JsonPropertyName("protocol")]
        public string? Protocol { get; init; }

        /// <summary>Address of the client that connected to API Gateway.</summary>
        [JsonPropertyName("sourceIp")]
        public string? SourceIp { get; init; }

        /// <summary>Value of the client's <c>User-Agent</c> header.</summary>
        [JsonPropertyName("userAgent")]
        public string? UserAgent { get; init; }
    }

    /// <summary>Output of the route's authorizer; which member is set depends on the authorizer type.</summary>
    public sealed class AuthorizerDescription
    {
        /// <summary>Claims and scopes of a validated JWT.</summary>
        [JsonPropertyName("jwt")]
        public JwtDescription? Jwt { get; init; }

        /// <summary>Context returned by a Lambda authorizer, with any JSON values.</summary>
        [JsonPropertyName("lambda")]
        public IDictionary<string, JsonElement>? Lambda { get; init; }

        /// <summary>Caller identity when the route uses IAM authorization.</summary>
        [JsonPropertyName("iam")]
        public IDictionary<string, JsonElement>? Iam { get; init; }
    }

    /// <summary>JWT authorizer output.</summary>
    public sealed class JwtDescription
    {
        /// <summary>Token claims, each value flattened to a string by API Gateway.</summary>
        [JsonPropertyName("claims")]
        public IDictionary<string, string>? Claims { get; init; }

        /// <summary>Scopes granted by the token.</summary>
        [JsonPropertyName("scopes")]
        public IList<string>? Scopes { get; init; }
    }
}
