using System.Globalization;
using System.Net;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using Signup.Lambda;
using Signup.Lambda.ApiGateway;

namespace Signup.Local.Gateway;

/// <summary>
/// Turns an HTTP request into the payload format 2.0 event that an HTTP API sends to Lambda. Header names are
/// lower-cased and repeated headers comma-joined; <c>Cookie</c> headers become the <c>cookies</c> array instead of a
/// header; repeated query parameters are comma-joined; a body is sent as text when it is valid UTF-8 of a textual
/// content type, and base64-encoded otherwise.
/// </summary>
internal static class HttpApiEventBuilder
{
    // API Gateway writes characters such as '&' and '+' as they are. The default encoder would escape them for
    // HTML, but the event never goes into HTML.
    private static readonly LambdaJsonContext EventJson = new(new JsonSerializerOptions
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    });

    /// <summary>Request facts that come from the gateway rather than from the request itself.</summary>
    public sealed record GatewayContext(
        string RequestId,
        string AccountId,
        string ApiId,
        string RouteKey,
        DateTimeOffset RequestTime,
        string TraceId,
        IReadOnlyDictionary<string, string>? PathParameters);

    /// <summary>Builds the event as UTF-8 JSON.</summary>
    public static byte[] Build(HttpContext context, byte[] body, GatewayContext gateway)
    {
        var request = context.Request;
        var (rawPath, rawQuery) = SplitTarget(context);
        var sourceIp = FormatAddress(context.Connection.RemoteIpAddress);
        var host = request.Host.Host;
        var isBase64 = body.Length > 0 && !(IsTextual(request.ContentType) && Utf8.IsValid(body));
        string? bodyText = null;
        if (body.Length > 0)
        {
            bodyText = isBase64 ? Convert.ToBase64String(body) : System.Text.Encoding.UTF8.GetString(body);
        }

        var apiEvent = new ApiGatewayHttpApiV2Request
        {
            Version = "2.0",
            RouteKey = gateway.RouteKey,
            RawPath = rawPath,
            RawQueryString = rawQuery,
            Cookies = ReadCookies(request),
            Headers = ReadHeaders(context, sourceIp, gateway.TraceId),
            QueryStringParameters = ReadQuery(rawQuery),
            PathParameters = gateway.PathParameters is { Count: > 0 } parameters
                ? new Dictionary<string, string>(parameters, StringComparer.Ordinal)
                : null,
            RequestContext = new ApiGatewayHttpApiV2Request.RequestContextDescription
            {
                AccountId = gateway.AccountId,
                ApiId = gateway.ApiId,
                DomainName = host,
                DomainPrefix = host.Split('.')[0],
                Http = new ApiGatewayHttpApiV2Request.HttpDescription
                {
                    Method = request.Method,
                    Path = rawPath,
                    Protocol = request.Protocol,
                    SourceIp = sourceIp,
                    UserAgent = request.Headers.UserAgent.ToString(),
                },
                RequestId = gateway.RequestId,
                RouteKey = gateway.RouteKey,
                Stage = "$default",
                Time = FormatRequestTime(gateway.RequestTime),
                TimeEpoch = gateway.RequestTime.ToUnixTimeMilliseconds(),
            },
            Body = bodyText,
            IsBase64Encoded = isBase64,
        };
        return JsonSerializer.SerializeToUtf8Bytes(apiEvent, EventJson.ApiGatewayHttpApiV2Request);
    }

    /// <summary>Formats a request time as API Gateway does: <c>12/Mar/2020:19:03:58 +0000</c>, in UTC.</summary>
    public static string FormatRequestTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("dd/MMM/yyyy:HH:mm:ss '+0000'", CultureInfo.InvariantCulture);

    /// <summary>Formats a client address, with IPv4-mapped IPv6 addresses shown as IPv4.</summary>
    public static string FormatAddress(IPAddress? address) =>
        address is null ? string.Empty : (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString();

    /// <summary>
    /// Whether a body of this content type is text: <c>text/*</c>, JSON, XML, JavaScript, form data and the
    /// <c>+json</c> and <c>+xml</c> suffixes. Anything else, or no content type, is treated as binary.
    /// </summary>
    public static bool IsTextual(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var parsed) || parsed.MediaType.Value is not { } mediaType)
        {
            return false;
        }

        return mediaType.StartsWith("text/", StringComparison.OrdinalIgnoreCase)
            || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase)
            || mediaType.EndsWith("+xml", StringComparison.OrdinalIgnoreCase)
            || mediaType.ToLowerInvariant() is "application/json"
                or "application/xml"
                or "application/javascript"
                or "application/x-www-form-urlencoded"
                or "application/graphql"
                or "application/yaml"
                or "application/x-yaml";
    }

    private static (string Path, string Query) SplitTarget(HttpContext context)
    {
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(target) || target[0] != '/')
        {
            return (context.Request.Path.Value ?? "/", context.Request.QueryString.Value?.TrimStart('?') ?? string.Empty);
        }

        var question = target.IndexOf('?', StringComparison.Ordinal);
        return question < 0 ? (target, string.Empty) : (target[..question], target[(question + 1)..]);
    }

    private static List<string>? ReadCookies(HttpRequest request)
    {
        List<string>? cookies = null;
        foreach (var header in request.Headers.Cookie)
        {
            foreach (var cookie in (header ?? string.Empty).Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                (cookies ??= []).Add(cookie);
            }
        }

        return cookies;
    }

    private static Dictionary<string, string> ReadHeaders(HttpContext context, string sourceIp, string traceId)
    {
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, values) in context.Request.Headers)
        {
            if (!string.Equals(name, HeaderNames.Cookie, StringComparison.OrdinalIgnoreCase))
            {
                headers[name.ToLowerInvariant()] = string.Join(',', values.ToArray());
            }
        }

        // Headers API Gateway adds on the way to the integration; a client-sent X-Forwarded-For is kept in front.
        headers["x-forwarded-for"] = headers.TryGetValue("x-forwarded-for", out var forwarded)
            ? forwarded + ", " + sourceIp
            : sourceIp;
        headers["x-forwarded-port"] = context.Connection.LocalPort.ToString(CultureInfo.InvariantCulture);
        headers["x-forwarded-proto"] = context.Request.Scheme;
        headers["x-amzn-trace-id"] = traceId;
        return headers;
    }

    private static Dictionary<string, string>? ReadQuery(string rawQuery)
    {
        if (rawQuery.Length == 0)
        {
            return null;
        }

        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, values) in QueryHelpers.ParseQuery(rawQuery))
        {
            parameters[name] = string.Join(',', values.ToArray());
        }

        return parameters.Count == 0 ? null : parameters;
    }
}
