using System.Text.Json.Serialization;

namespace Signup.Lambda.ApiGateway;

/// <summary>
/// Response a Lambda proxy integration returns to API Gateway in payload format version 1.0 (REST APIs, and
/// HTTP APIs set to 1.0). API Gateway merges <see cref="Headers"/> and <see cref="MultiValueHeaders"/>.
/// See
/// <see href="https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html"/>.
/// </summary>
public sealed class ApiGatewayProxyResponse
{
    /// <summary>HTTP status code of the response.</summary>
    [JsonPropertyName("statusCode")]
    public int StatusCode { get; init; }

    /// <summary>Response headers with one value each.</summary>
    [JsonPropertyName("headers")]
    public IDictionary<string, string>? Headers { get; init; }

    /// <summary>Response headers with several values, such as <c>Set-Cookie</c>.</summary>
    [JsonPropertyName("multiValueHeaders")]
    public IDictionary<string, IList<string>>? MultiValueHeaders { get; init; }

    /// <summary>Response body, base64-encoded when <see cref="IsBase64Encoded"/> is true.</summary>
    [JsonPropertyName("body")]
    public string? Body { get; init; }

    /// <summary>Whether API Gateway must base64-decode <see cref="Body"/> before sending it.</summary>
    [JsonPropertyName("isBase64Encoded")]
    public bool IsBase64Encoded { get; init; }
}
