using System.Text.Json.Serialization;

namespace Signup.Function.Http;

/// <summary>The body of a successful registration. It never carries the password or its hash.</summary>
internal sealed record CreatedUser(
    [property: JsonPropertyName("userId")] string UserId,
    [property: JsonPropertyName("username")] string Username,
    [property: JsonPropertyName("email")] string Email,
    [property: JsonPropertyName("createdAt")] string CreatedAt);
