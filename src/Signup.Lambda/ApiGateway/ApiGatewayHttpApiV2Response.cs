using System.Text.Json.Serialization;

namespace Signup.Lambda.ApiGateway;

/// <summary>
/// Response a Lambda proxy integration returns to an API Gateway HTTP API with payload format version 2.0.
/// There are no multi-value headers in this format: repeated values go comma-joined into one header, and
/// each entry of <see cref="Cookies"/> becomes its own <c>Set-Cookie</c> header.
/// See
/// <see href="https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html"/>.
/// </summary>
public sealed class ApiGatewayHttpApiV2Response
{
    /// <summary>HTTP status code of the response.</summary>
    [JsonPropertyName("statusCode")]
    public int StatusCode { get; init; }

    /// <summary>Response headers.</summary>
    [JsonPropertyName("headers")]
    public IDictionary<string, string>? Headers { get; init; }

    /// <summary>Cookies to set, one <c>Set-Cookie</c> value per entry.</summary>
    [JsonPropertyName("cookies")]
    public IList<string>? Cookies { get; init; }

    /// <summary>Response body, base64-encoded when <see cref="IsBase64Encoded"/> is true.</summary>
    [JsonPropertyName("body")]
    public string? Body { get; init; }

    /// <summary>Whether API Gateway must base64-decode <see cref="Body"/> before sending it.</summary>
    [JsonPropertyName("isBase64Encoded")]
    public bool IsBase64Encoded { get; init; }
}
