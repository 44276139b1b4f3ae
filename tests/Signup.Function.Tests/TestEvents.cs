using System.Globalization;
using System.Text;
using System.Text.Json;
using Signup.Lambda;
using Signup.Lambda.ApiGateway;

namespace Signup.Function.Tests;

/// <summary>API Gateway events as the function receives them, built from a method, headers and a body.</summary>
internal static class TestEvents
{
    public static byte[] HttpApiV2(
        string? body,
        string contentType = "application/json",
        string method = "POST",
        bool base64 = false,
        bool bodyIsEncoded = false)
    {
        var now = DateTimeOffset.UtcNow;
        var headers = new Dictionary<string, string> { ["host"] = "localhost", ["user-agent"] = "tests/1.0" };
        if (contentType.Length > 0)
        {
            headers["content-type"] = contentType;
        }

        var request = new ApiGatewayHttpApiV2Request
        {
            Version = "2.0",
            RouteKey = "POST /createUser",
            RawPath = "/createUser",
            RawQueryString = "",
            Headers = headers,
            RequestContext = new ApiGatewayHttpApiV2Request.RequestContextDescription
            {
                AccountId = "123456789012",
                ApiId = "local",
                DomainName = "localhost",
                DomainPrefix = "localhost",
                Http = new ApiGatewayHttpApiV2Request.HttpDescription
                {
                    Method = method,
                    Path = "/createUser",
                    Protocol = "HTTP/1.1",
                    SourceIp = "127.0.0.1",
                    UserAgent = "tests/1.0",
                },
                RequestId = NewRequestId(),
                RouteKey = "POST /createUser",
                Stage = "$default",
                Time = now.ToString("dd/MMM/yyyy:HH:mm:ss +0000", CultureInfo.InvariantCulture),
                TimeEpoch = now.ToUnixTimeMilliseconds(),
            },
            Body = base64 && !bodyIsEncoded && body is not null ? Convert.ToBase64String(Encoding.UTF8.GetBytes(body)) : body,
            IsBase64Encoded = base64,
        };
        return JsonSerializer.SerializeToUtf8Bytes(request, LambdaJsonContext.Default.ApiGatewayHttpApiV2Request);
    }

    public static byte[] RestV1(string? body, string contentType = "application/json")
    {
        var request = new ApiGatewayProxyRequest
        {
            Resource = "/createUser",
            Path = "/createUser",
            HttpMethod = "POST",
            Headers = new Dictionary<string, string> { ["Content-Type"] = contentType, ["Host"] = "localhost" },
            RequestContext = new ApiGatewayProxyRequest.ProxyRequestContext
            {
                AccountId = "123456789012",
                ApiId = "local",
                HttpMethod = "POST",
                Path = "/prod/createUser",
                RequestId = NewRequestId(),
            },
            Body = body,
            IsBase64Encoded = false,
        };
        return JsonSerializer.SerializeToUtf8Bytes(request, LambdaJsonContext.Default.ApiGatewayProxyRequest);
    }

    public static string RegistrationBody(string username, string email, string password) =>
        JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["username"] = username,
            ["email"] = email,
            ["password"] = password,
        });

    private static string NewRequestId() => Guid.NewGuid().ToString("N")[..16] + "=";
}
