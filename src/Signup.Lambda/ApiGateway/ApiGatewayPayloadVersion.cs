namespace Signup.Lambda.ApiGateway;

/// <summary>Payload format of an API Gateway proxy event.</summary>
public enum ApiGatewayPayloadVersion
{
    /// <summary>Not an API Gateway proxy event, or not JSON.</summary>
    Unknown = 0,

    /// <summary>Format 1.0 (<see cref="ApiGatewayProxyRequest"/>): REST APIs, and HTTP APIs set to 1.0.</summary>
    V1 = 1,

    /// <summary>Format 2.0 (<see cref="ApiGatewayHttpApiV2Request"/>): HTTP APIs.</summary>
    V2 = 2,
}
