using System.Text.Json.Serialization;

namespace Signup.Function.Http;

/// <summary>An RFC 9457 problem details body, with the field errors and the request id as extension members.</summary>
internal sealed class ProblemDetails
{
    /// <summary>A URI reference naming the problem type; the types are listed in the API description.</summary>
    [JsonPropertyName("type")]
    public required string Type { get; init; }

    /// <summary>A short summary of the problem type, the same for every occurrence.</summary>
    [JsonPropertyName("title")]
    public required string Title { get; init; }

    [JsonPropertyName("status")]
    public required int Status { get; init; }

    /// <summary>An explanation of this occurrence that a person can act on.</summary>
    [JsonPropertyName("detail")]
    public required string Detail { get; init; }

    /// <summary>Every problem found, by field name. Present on validation failures and conflicts.</summary>
    [JsonPropertyName("errors")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, IReadOnlyList<ProblemError>>? Errors { get; init; }

    /// <summary>API Gateway's request id, to quote when reporting a problem.</summary>
    [JsonPropertyName("requestId")]
    public required string RequestId { get; init; }
}

/// <summary>One problem with one field: a stable machine code and a message for people.</summary>
internal sealed record ProblemError(
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("message")] string Message);
