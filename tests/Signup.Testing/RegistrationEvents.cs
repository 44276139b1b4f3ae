using System.Globalization;
using System.Text.Json;
using Signup.Lambda;
using Signup.Lambda.ApiGateway;

namespace Signup.Testing;

/// <summary>API Gateway HTTP API (payload format 2.0) events for <c>POST /createUser</c>.</summary>
public static class RegistrationEvents
{
    /// <summary>Returns a serialised event that registers the given user.</summary>
    public static byte[] CreateUser(string username, string email, string password)
    {
        var now = DateTimeOffset.UtcNow;
        var body = JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["username"] = username,
            ["email"] = email,
            ["password"] = password,
        });
        var request = new ApiGatewayHttpApiV2Request
        {
            Version = "2.0",
            RouteKey = "POST /createUser",
            RawPath = "/createUser",
            RawQueryString = "",
            Headers = new Dictionary<string, string> { ["content-type"] = "application/json", ["host"] = "127.0.0.1" },
            RequestContext = new ApiGatewayHttpApiV2Request.RequestContextDescription
            {
                AccountId = "123456789012",
                ApiId = "signup-tests",
                DomainName = "127.0.0.1",
                DomainPrefix = "127",
                Http = new ApiGatewayHttpApiV2Request.HttpDescription
                {
                    Method = "POST",
                    Path = "/createUser",
                    Protocol = "HTTP/1.1",
                    SourceIp = "127.0.0.1",
                    UserAgent = "signup-tests/1.0",
                },
                RequestId = Guid.NewGuid().ToString("N")[..16] + "=",
                RouteKey = "POST /createUser",
                Stage = "$default",
                Time = now.ToString("dd/MMM/yyyy:HH:mm:ss +0000", CultureInfo.InvariantCulture),
                TimeEpoch = now.ToUnixTimeMilliseconds(),
            },
            Body = body,
            IsBase64Encoded = false,
        };
        return JsonSerializer.SerializeToUtf8Bytes(request, LambdaJsonContext.Default.ApiGatewayHttpApiV2Request);
    }
}
