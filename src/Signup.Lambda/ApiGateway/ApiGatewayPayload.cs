using System.Text.Json;

namespace Signup.Lambda.ApiGateway;

/// <summary>Detection of the payload format of an API Gateway proxy event.</summary>
public static class ApiGatewayPayload
{
    /// <summary>
    /// Tells the format of <paramref name="utf8Json"/> from its top-level properties: <c>"version": "2.0"</c>
    /// marks format 2.0, and an <c>httpMethod</c> property marks format 1.0, which HTTP APIs label
    /// <c>"version": "1.0"</c> and REST APIs do not label. Returns <see cref="ApiGatewayPayloadVersion.Unknown"/>
    /// for anything else, invalid JSON included.
    /// </summary>
    public static ApiGatewayPayloadVersion DetectVersion(ReadOnlySpan<byte> utf8Json)
    {
        try
        {
            return Scan(utf8Json);
        }
        catch (JsonException)
        {
            return ApiGatewayPayloadVersion.Unknown;
        }
    }

    private static ApiGatewayPayloadVersion Scan(ReadOnlySpan<byte> utf8Json)
    {
        var reader = new Utf8JsonReader(utf8Json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return ApiGatewayPayloadVersion.Unknown;
        }

        var result = ApiGatewayPayloadVersion.Unknown;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isVersion = reader.ValueTextEquals("version"u8);
            var isHttpMethod = reader.ValueTextEquals("httpMethod"u8);
            reader.Read();
            if (isVersion && reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("2.0"u8))
            {
                return ApiGatewayPayloadVersion.V2;
            }

            if (isHttpMethod)
            {
                result = ApiGatewayPayloadVersion.V1;
            }

            reader.Skip();
        }

        return result;
    }
}
