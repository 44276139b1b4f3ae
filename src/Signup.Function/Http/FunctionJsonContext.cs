using System.Text.Json.Serialization;

namespace Signup.Function.Http;

/// <summary>Source-generated serializers for the function's request and response bodies.</summary>
[JsonSourceGenerationOptions(AllowDuplicateProperties = false, MaxDepth = 16)]
[JsonSerializable(typeof(CreateUserBody))]
[JsonSerializable(typeof(CreatedUser))]
[JsonSerializable(typeof(ProblemDetails))]
internal sealed partial class FunctionJsonContext : JsonSerializerContext;
