using System.Text.Json.Serialization;
using Signup.Lambda.ApiGateway;

namespace Signup.Lambda;

/// <summary>
/// Source-generated JSON metadata for the Runtime API error document and the API Gateway payloads, so that
/// (de)serialization needs no reflection and works under Native AOT. Null properties are left out when
/// writing.
/// </summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(LambdaError))]
[JsonSerializable(typeof(ApiGatewayHttpApiV2Request))]
[JsonSerializable(typeof(ApiGatewayHttpApiV2Response))]
[JsonSerializable(typeof(ApiGatewayProxyRequest))]
[JsonSerializable(typeof(ApiGatewayProxyResponse))]
public sealed partial class LambdaJsonContext : JsonSerializerContext;
