using System.Text.Json;

namespace Signup.EndToEnd.Tests.Support;

/// <summary>A gateway response with its whole body, already read.</summary>
public sealed class ApiResponse(HttpResponseMessage message, string body) : IDisposable
{
    public HttpResponseMessage Message { get; } = message;

    public string Body { get; } = body;

    public int Status => (int)Message.StatusCode;

    public string? MediaType => Message.Content.Headers.ContentType?.MediaType;

    public string? RequestId => Header("apigw-requestid");

    /// <summary>The body parsed as JSON.</summary>
    public JsonElement Json
    {
        get
        {
            using var document = JsonDocument.Parse(Body);
            return document.RootElement.Clone();
        }
    }

    /// <summary>Returns the value of a response or content header, or null when it is absent.</summary>
    public string? Header(string name) =>
        Message.Headers.TryGetValues(name, out var values) || Message.Content.Headers.TryGetValues(name, out values)
            ? string.Join(",", values)
            : null;

    /// <summary>Returns the codes listed for <paramref name="field"/> in a problem's <c>errors</c>.</summary>
    public IReadOnlyList<string> ErrorCodes(string field) =>
        Json.TryGetProperty("errors", out var errors) && errors.TryGetProperty(field, out var list)
            ? [.. list.EnumerateArray().Select(error => error.GetProperty("code").GetString()!)]
            : [];

    public void Dispose() => Message.Dispose();

    public override string ToString() => $"{Status} {MediaType}: {Body}";
}
