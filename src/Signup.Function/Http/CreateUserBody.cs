using System.Text.Json;
using System.Text.Json.Serialization;

namespace Signup.Function.Http;

/// <summary>
/// The request body as parsed JSON. Each field stays a <see cref="JsonElement"/> so that a missing field
/// (<see cref="JsonValueKind.Undefined"/>), a null and a value of the wrong type can each get their own error.
/// </summary>
internal sealed class CreateUserBody
{
    [JsonPropertyName("username")]
    public JsonElement Username { get; set; }

    [JsonPropertyName("email")]
    public JsonElement Email { get; set; }

    [JsonPropertyName("password")]
    public JsonElement Password { get; set; }

    /// <summary>Members with any other name, which the reader rejects.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? OtherMembers { get; set; }
}
