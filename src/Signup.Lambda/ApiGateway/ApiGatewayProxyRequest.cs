using System.Text.Json;
using System.Text.Json.Serialization;

namespace Signup.Lambda.ApiGateway;

/// <summary>
/// Event that API Gateway sends to a Lambda proxy integration in payload format version 1.0: the format of
/// REST APIs, and of HTTP APIs whose integration sets <c>payloadFormatVersion</c> to 1.0. Header names keep
/// the client's case.
/// See
/// <see href="https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html"/>.
/// </summary>
public sealed class ApiGatewayProxyRequest
{
    /// <summary>Payload format version: <c>1.0</c> from HTTP APIs, absent from REST APIs.</summary>
    [JsonPropertyName("version")]
    public string? Version { get; init; }

    /// <summary>Resource path template that matched, such as <c>/createUser</c> or <c>/{proxy+}</c>.</summary>
    [JsonPropertyName("resource")]
    public string? Resource { get; init; }

    /// <summary>Request path.</summary>
    [JsonPropertyName("path")]
    public string? Path { get; init; }

    /// <summary>HTTP method, upper-case.</summary>
    [JsonPropertyName("httpMethod")]
    public string? HttpMethod { get; init; }

    /// <summary>Request headers, the last value of each; use <see cref="GetHeader"/> for lookups.</summary>
    [JsonPropertyName("headers")]
    public IDictionary<string, string>? Headers { get; init; }

    /// <summary>Every value of every request header.</summary>
    [JsonPropertyName("multiValueHeaders")]
    public IDictionary<string, IList<string>>? MultiValueHeaders { get; init; }

    /// <summary>Query parameters, the last value of each.</summary>
    [JsonPropertyName("queryStringParameters")]
    public IDictionary<string, string>? QueryStringParameters { get; init; }

    /// <summary>Every value of every query parameter.</summary>
    [JsonPropertyName("multiValueQueryStringParameters")]
    public IDictionary<string, IList<string>>? MultiValueQueryStringParameters { get; init; }

    /// <summary>Values of the resource's path parameters.</summary>
    [JsonPropertyName("pathParameters")]
    public IDictionary<string, string>? PathParameters { get; init; }

    /// <summary>Stage variables of the stage that received the request.</summary>
    [JsonPropertyName("stageVariables")]
    public IDictionary<string, string>? StageVariables { get; init; }

    /// <summary>Request metadata added by API Gateway.</summary>
    [JsonPropertyName("requestContext")]
    public ProxyRequestContext? RequestContext { get; init; }

    /// <summary>Request body, base64-encoded when <see cref="IsBase64Encoded"/> is true.</summary>
    [JsonPropertyName("body")]
    public string? Body { get; init; }

    /// <summary>Whether <see cref="Body"/> is base64-encoded binary rather than text.</summary>
    [JsonPropertyName("isBase64Encoded")]
    public bool IsBase64Encoded { get; init; }

    /// <summary>
    /// Returns the value of header <paramref name="name"/>, matched case-insensitively, from
    /// <see cref="Headers"/>, else the values in <see cref="MultiValueHeaders"/> joined with commas, or null.
    /// </summary>
    public string? GetHeader(string name) =>
        HeaderLookup.Find(Headers, name)
        ?? (HeaderLookup.Find(MultiValueHeaders, name) is { } values ? string.Join(',', values) : null);

    /// <summary>
    /// Decodes <see cref="Body"/> into bytes: base64 when <see cref="IsBase64Encoded"/>, else UTF-8.
    /// Returns false, with empty content, when the body is not valid base64.
    /// </summary>
    public bool TryDecodeBody(out byte[] content) => ApiGatewayBody.TryDecode(Body, IsBase64Encoded, out content);

    /// <summary>Request metadata of a payload format 1.0 event.</summary>
    public sealed class ProxyRequestContext
    {
        /// <summary>AWS account that owns the API.</summary>
        [JsonPropertyName("accountId")]
        public string? AccountId { get; init; }

        /// <summary>Identifier of the API.</summary>
        [JsonPropertyName("apiId")]
        public string? ApiId { get; init; }

        /// <summary>Authorizer output (principal id, claims or context), with any JSON values.</summary>
        [JsonPropertyName("authorizer")]
        public IDictionary<string, JsonElement>? Authorizer { get; init; }

        /// <summary>Host name the client called.</summary>
        [JsonPropertyName("domainName")]
        public string? DomainName { get; init; }

        /// <summary>First label of <see cref="DomainName"/>.</summary>
        [JsonPropertyName("domainPrefix")]
        public string? DomainPrefix { get; init; }

        /// <summary>Second request id that API Gateway generates, used in its access logs.</summary>
        [JsonPropertyName("extendedRequestId")]
        public string? ExtendedRequestId { get; init; }

        /// <summary>HTTP method, upper-case.</summary>
        [JsonPropertyName("httpMethod")]
        public string? HttpMethod { get; init; }

        /// <summary>Caller details.</summary>
        [JsonPropertyName("identity")]
        public RequestIdentity? Identity { get; init; }

        /// <summary>Request path including the stage, such as <c>/prod/createUser</c>.</summary>
        [JsonPropertyName("path")]
        public string? Path { get; init; }

        /// <summary>Protocol, such as <c>HTTP/1.1</c>.</summary>
        [JsonPropertyName("protocol")]
        public string? Protocol { get; init; }

        /// <summary>API Gateway's id for the request.</summary>
        [JsonPropertyName("requestId")]
        public string? RequestId { get; init; }

        /// <summary>Time of the request in CLF format, such as <c>09/Apr/2015:12:34:56 +0000</c>.</summary>
        [JsonPropertyName("requestTime")]
        public string? RequestTime { get; init; }

        /// <summary>Time of the request in Unix milliseconds.</summary>
        [JsonPropertyName("requestTimeEpoch")]
        public long RequestTimeEpoch { get; init; }

        /// <summary>Identifier of the matched resource.</summary>
        [JsonPropertyName("resourceId")]
        public string? ResourceId { get; init; }

        /// <summary>Path template of the matched resource.</summary>
        [JsonPropertyName("resourcePath")]
        public string? ResourcePath { get; init; }

        /// <summary>Stage name.</summary>
        [JsonPropertyName("stage")]
        public string? Stage { get; init; }
    }

    /// <summary>
    /// Caller details of a payload format 1.0 request; most fields are set only for IAM or Cognito callers.
    /// </summary>
    public sealed class RequestIdentity
    {
        /// <summary>Access key of an IAM caller.</summary>
        [JsonPropertyName("accessKey")]
        public string? AccessKey { get; init; }

        /// <summary>Account of an IAM caller.</summary>
        [JsonPropertyName("accountId")]
        public string? AccountId { get; init; }

        /// <summary>Principal id of an IAM caller.</summary>
        [JsonPropertyName("caller")]
        public string? Caller { get; init; }

        /// <summary>Cognito authentication provider of the caller.</summary>
        [JsonPropertyName("cognitoAuthenticationProvider")]
        public string? CognitoAuthenticationProvider { get; init; }

        /// <summary>Cognito authentication type: <c>authenticated</c> or <c>unauthenticated</c>.</summary>
        [JsonPropertyName("cognitoAuthenticationType")]
        public string? CognitoAuthenticationType { get; init; }

        /// <summary>Cognito identity id of the caller.</summary>
        [JsonPropertyName("cognitoIdentityId")]
        public string? CognitoIdentityId { get; init; }

        /// <summary>Cognito identity pool id of the caller.</summary>
        [JsonPropertyName("cognitoIdentityPoolId")]
        public string? CognitoIdentityPoolId { get; init; }

        /// <summary>AWS Organizations id of an IAM caller.</summary>
        [JsonPropertyName("principalOrgId")]
        public string? PrincipalOrgId { get; init; }

        /// <summary>Address of the client that connected to API Gateway.</summary>
        [JsonPropertyName("sourceIp")]
        public string? SourceIp { get; init; }

        /// <summary>User of an IAM caller.</summary>
        [JsonPropertyName("user")]
        public string? User { get; init; }

        /// <summary>Value of the client's <c>User-Agent</c> header.</summary>
        [JsonPropertyName("userAgent")]
        public string? UserAgent { get; init; }

        /// <summary>ARN of an IAM caller.</summary>
        [JsonPropertyName("userArn")]
        public string? UserArn { get; init; }
    }
}
