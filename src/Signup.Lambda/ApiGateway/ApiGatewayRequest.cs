using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Signup.Lambda.ApiGateway;

/// <summary>
/// An API Gateway proxy event in either payload format, seen through the fields both formats share, so a
/// function can accept both and respond to each in its own format with <see cref="SerializeResponse"/>.
/// </summary>
public sealed class ApiGatewayRequest
{
    private ApiGatewayRequest(ApiGatewayHttpApiV2Request httpApiEvent, string httpMethod, string path)
    {
        PayloadVersion = ApiGatewayPayloadVersion.V2;
        HttpApiV2Event = httpApiEvent;
        HttpMethod = httpMethod;
        Path = path;
        RequestId = httpApiEvent.RequestContext?.RequestId;
        SourceIp = httpApiEvent.RequestContext?.Http?.SourceIp;
    }

    private ApiGatewayRequest(ApiGatewayProxyRequest proxyEvent, string httpMethod, string path)
    {
        PayloadVersion = ApiGatewayPayloadVersion.V1;
        ProxyEvent = proxyEvent;
        HttpMethod = httpMethod;
        Path = path;
        RequestId = proxyEvent.RequestContext?.RequestId;
        SourceIp = proxyEvent.RequestContext?.Identity?.SourceIp;
    }

    /// <summary>Format of the event, never <see cref="ApiGatewayPayloadVersion.Unknown"/>.</summary>
    public ApiGatewayPayloadVersion PayloadVersion { get; }

    /// <summary>The format 2.0 event, or null for a format 1.0 event.</summary>
    public ApiGatewayHttpApiV2Request? HttpApiV2Event { get; }

    /// <summary>The format 1.0 event, or null for a format 2.0 event.</summary>
    public ApiGatewayProxyRequest? ProxyEvent { get; }

    /// <summary>HTTP method, upper-case.</summary>
    public string HttpMethod { get; }

    /// <summary>Request path: <c>rawPath</c> in format 2.0, <c>path</c> in format 1.0.</summary>
    public string Path { get; }

    /// <summary>API Gateway's request id, from the request context.</summary>
    public string? RequestId { get; }

    /// <summary>Address of the client that connected to API Gateway.</summary>
    public string? SourceIp { get; }

    /// <summary>Returns the value of header <paramref name="name"/>, matched case-insensitively, or null.</summary>
    public string? GetHeader(string name) => HttpApiV2Event?.GetHeader(name) ?? ProxyEvent?.GetHeader(name);

    /// <summary>Decodes the body as the format's <c>TryDecodeBody</c> does; false when base64 is invalid.</summary>
    public bool TryDecodeBody(out byte[] content) =>
        HttpApiV2Event?.TryDecodeBody(out content) ?? ProxyEvent!.TryDecodeBody(out content);

    /// <summary>
    /// Parses an API Gateway proxy event of either format. Returns false when the payload is not JSON, is of
    /// neither format, or lacks the HTTP method or the path.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8Json, [NotNullWhen(true)] out ApiGatewayRequest? request)
    {
        request = null;
        try
        {
            request = ApiGatewayPayload.DetectVersion(utf8Json) switch
            {
                ApiGatewayPayloadVersion.V2 => FromHttpApiV2(
                    JsonSerializer.Deserialize(utf8Json, LambdaJsonContext.Default.ApiGatewayHttpApiV2Request)),
                ApiGatewayPayloadVersion.V1 => FromProxy(
                    JsonSerializer.Deserialize(utf8Json, LambdaJsonContext.Default.ApiGatewayProxyRequest)),
                _ => null,
            };
        }
        catch (JsonException)
        {
            // The format markers were present but a field has the wrong JSON type.
            return false;
        }

        return request is not null;
    }

    /// <summary>
    /// Serializes a response in this event's format: <see cref="ApiGatewayHttpApiV2Response"/> for 2.0,
    /// <see cref="ApiGatewayProxyResponse"/> for 1.0.
    /// </summary>
    public byte[] SerializeResponse(
        int statusCode, IDictionary<string, string>? headers, string? body, bool isBase64Encoded = false) =>
        PayloadVersion == ApiGatewayPayloadVersion.V2
            ? JsonSerializer.SerializeToUtf8Bytes(
                new ApiGatewayHttpApiV2Response
                {
                    StatusCode = statusCode,
                    Headers = headers,
                    Body = body,
                    IsBase64Encoded = isBase64Encoded,
                },
                LambdaJsonContext.Default.ApiGatewayHttpApiV2Response)
            : JsonSerializer.SerializeToUtf8Bytes(
                new ApiGatewayProxyResponse
                {
                    StatusCode = statusCode,
                    Headers = headers,
                    Body = body,
                    IsBase64Encoded = isBase64Encoded,
                },
                LambdaJsonContext.Default.ApiGatewayProxyResponse);

    private static ApiGatewayRequest? FromHttpApiV2(ApiGatewayHttpApiV2Request? httpApiEvent)
    {
        var method = httpApiEvent?.RequestContext?.Http?.Method;
        var path = httpApiEvent?.RawPath ?? httpApiEvent?.RequestContext?.Http?.Path;
        return httpApiEvent is null || string.IsNullOrEmpty(method) || string.IsNullOrEmpty(path)
            ? null
            : new ApiGatewayRequest(httpApiEvent, method, path);
    }

    private static ApiGatewayRequest? FromProxy(ApiGatewayProxyRequest? proxyEvent)
    {
        var method = proxyEvent?.HttpMethod;
        var path = proxyEvent?.Path;
        return proxyEvent is null || string.IsNullOrEmpty(method) || string.IsNullOrEmpty(path)
            ? null
            : new ApiGatewayRequest(proxyEvent, method, path);
    }
}
