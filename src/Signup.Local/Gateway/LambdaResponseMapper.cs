using System.Text;
using System.Text.Json;

namespace Signup.Local.Gateway;

/// <summary>
/// Reads a function's result the way an HTTP API reads payload format 2.0 responses. A JSON object with a
/// <c>statusCode</c> is a structured response (<c>statusCode</c>, <c>headers</c>, <c>cookies</c>, <c>body</c>,
/// <c>isBase64Encoded</c>). Any other valid JSON is taken whole as the body of a 200 response with
/// <c>content-type: application/json</c>. A result that is not JSON, or a structured response with fields of the
/// wrong type, is malformed, and the client gets a 500.
/// </summary>
internal static class LambdaResponseMapper
{
    // Headers that describe the connection or the framing, which the gateway sets itself.
    private static readonly HashSet<string> DroppedHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Content-Length", "Date", "Keep-Alive", "Proxy-Connection", "TE", "Trailer",
        "Transfer-Encoding", "Upgrade", "apigw-requestid",
    };

    /// <summary>Maps <paramref name="payload"/>; returns false when it is malformed.</summary>
    public static bool TryMap(byte[] payload, out GatewayResponse response)
    {
        response = GatewayResponse.InternalServerError;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(payload);
        }
        catch (JsonException)
        {
            return false;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("statusCode", out var statusCode))
            {
                response = new GatewayResponse(200, [new("Content-Type", "application/json")], [], payload);
                return true;
            }

            return TryMapStructured(root, statusCode, out response);
        }
    }

    private static bool TryMapStructured(JsonElement root, JsonElement statusCode, out GatewayResponse response)
    {
        response = GatewayResponse.InternalServerError;
        if (statusCode.ValueKind != JsonValueKind.Number
            || !statusCode.TryGetInt32(out var status)
            || status is < 100 or > 599)
        {
            return false;
        }

        var headers = new List<KeyValuePair<string, string>>();
        if (root.TryGetProperty("headers", out var headerObject) && headerObject.ValueKind != JsonValueKind.Null)
        {
            if (headerObject.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            foreach (var header in headerObject.EnumerateObject())
            {
                if (!TryReadScalar(header.Value, out var value))
                {
                    return false;
                }

                if (!DroppedHeaders.Contains(header.Name))
                {
                    headers.Add(new(header.Name, value));
                }
            }
        }

        var cookies = new List<string>();
        if (root.TryGetProperty("cookies", out var cookieArray) && cookieArray.ValueKind != JsonValueKind.Null)
        {
            if (cookieArray.ValueKind != JsonValueKind.Array)
            {
                return false;
            }

            foreach (var cookie in cookieArray.EnumerateArray())
            {
                if (cookie.ValueKind != JsonValueKind.String)
                {
                    return false;
                }

                cookies.Add(cookie.GetString()!);
            }
        }

        var isBase64 = false;
        if (root.TryGetProperty("isBase64Encoded", out var base64Flag) && base64Flag.ValueKind != JsonValueKind.Null)
        {
            if (base64Flag.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                return false;
            }

            isBase64 = base64Flag.GetBoolean();
        }

        byte[] body = [];
        if (root.TryGetProperty("body", out var bodyElement) && bodyElement.ValueKind != JsonValueKind.Null)
        {
            if (bodyElement.ValueKind != JsonValueKind.String)
            {
                return false;
            }

            var text = bodyElement.GetString()!;
            if (!isBase64)
            {
                body = Encoding.UTF8.GetBytes(text);
            }
            else if (!TryDecodeBase64(text, out body))
            {
                return false;
            }
        }

        response = new GatewayResponse(status, headers, cookies, body);
        return true;
    }

    private static bool TryReadScalar(JsonElement element, out string value)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                value = element.GetString()!;
                return true;
            case JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False:
                value = element.GetRawText();
                return true;
            default:
                value = string.Empty;
                return false;
        }
    }

    private static bool TryDecodeBase64(string text, out byte[] bytes)
    {
        var buffer = new byte[(text.Length + 3) / 4 * 3];
        if (Convert.TryFromBase64String(text, buffer, out var written))
        {
            bytes = buffer[..written];
            return true;
        }

        bytes = [];
        return false;
    }
}
