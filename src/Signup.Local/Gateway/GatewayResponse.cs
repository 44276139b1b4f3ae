using System.Text;

namespace Signup.Local.Gateway;

/// <summary>An HTTP response the gateway sends: from a function's result, or one of its own errors.</summary>
internal sealed record GatewayResponse(
    int StatusCode,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    IReadOnlyList<string> Cookies,
    byte[] Body)
{
    /// <summary>An error as API Gateway writes it: <c>{"message":"..."}</c> in JSON.</summary>
    public static GatewayResponse Error(int statusCode, string message) =>
        new(
            statusCode,
            [new("Content-Type", "application/json")],
            [],
            Encoding.UTF8.GetBytes($$"""{"message":"{{message}}"}"""));

    public static GatewayResponse NotFound { get; } = Error(404, "Not Found");

    public static GatewayResponse TooManyRequests { get; } = Error(429, "Too Many Requests");

    public static GatewayResponse RequestEntityTooLarge { get; } = Error(413, "Request Entity Too Large");

    public static GatewayResponse InternalServerError { get; } = Error(500, "Internal Server Error");

    public static GatewayResponse ServiceUnavailable { get; } = Error(503, "Service Unavailable");
}
