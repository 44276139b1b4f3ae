using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using Signup.Local;

namespace Signup.EndToEnd.Tests.Support;

/// <summary>
/// Checks responses against <c>docs/openapi.yaml</c>. OpenAPI 3.1 schemas are JSON Schema 2020-12, so the whole
/// document is registered under <see cref="DocumentUri"/> and each response schema is evaluated through a
/// <c>$ref</c> into it, which also resolves the document's own <c>#/components/...</c> references.
/// </summary>
internal static class OpenApiContract
{
    private static readonly Uri DocumentUri = new("https://signup.test/openapi.json");

    private static readonly Lazy<(JsonObject Document, BuildOptions Options)> Loaded = new(Load);

    private static readonly ConcurrentDictionary<string, JsonSchema> Schemas = new(StringComparer.Ordinal);

    private static readonly EvaluationOptions Evaluation = new()
    {
        OutputFormat = OutputFormat.List,
        RequireFormatValidation = true,
    };

    /// <summary>
    /// Fails unless the document describes the response's status and content type for the request's path and method,
    /// and <paramref name="body"/> is valid against that schema.
    /// </summary>
    public static void AssertMatches(HttpResponseMessage response, string body)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(body);
        var request = response.RequestMessage
            ?? throw new ArgumentException("The response carries no request.", nameof(response));
        var status = (int)response.StatusCode;
        var path = request.RequestUri!.AbsolutePath;
        var method = request.Method.Method.ToLowerInvariant();
        var exchange = $"{request.Method} {path} → {status}";

        // The gateway handles CORS preflights itself, from the template's CorsConfiguration. OpenAPI has no place for
        // them, and the response has no body to check.
        if (IsPreflight(request))
        {
            Assert.True(status == 204, $"{exchange}: a preflight must get 204.");
            Assert.True(body.Length == 0, $"{exchange}: a preflight response must have no body, got: {body}");
            return;
        }

        var mediaType = response.Content.Headers.ContentType?.MediaType;
        Assert.True(mediaType is not null, $"{exchange}: the response has no Content-Type; body: {body}");
        var pointer = FindSchemaPointer(path, method, status, mediaType, exchange);
        var schema = Schemas.GetOrAdd(pointer, BuildSchema);

        JsonElement instance;
        try
        {
            using var parsed = JsonDocument.Parse(body);
            instance = parsed.RootElement.Clone();
        }
        catch (JsonException e)
        {
            Assert.Fail($"{exchange} ({mediaType}): the body is not JSON ({e.Message}): {body}");
            return;
        }

        var results = schema.Evaluate(instance, Evaluation);
        Assert.True(results.IsValid, $"{exchange} ({mediaType}) does not match {pointer}:\n{Describe(results)}\nbody: {body}");
    }

    private static bool IsPreflight(HttpRequestMessage request) =>
        request.Method == HttpMethod.Options
        && request.Headers.Contains("Origin")
        && request.Headers.Contains("Access-Control-Request-Method");

    // Returns the JSON Pointer of the schema for a response, after asserting that the document describes it.
    private static string FindSchemaPointer(string path, string method, int status, string mediaType, string exchange)
    {
        var document = Loaded.Value.Document;
        if (document["paths"]?[path] is not JsonObject pathItem)
        {
            // NOTE: the document describes only /createUser. For any other path the gateway finds no route and no
            // static file, so it returns 404 with its own message, whose schema the document does define.
            Assert.True(status == 404, $"{exchange}: path {path} is not in the document, so only the gateway's 404 is expected.");
            Assert.True(
                mediaType == "application/json",
                $"{exchange}: the gateway's 404 must be application/json, not {mediaType}.");
            return "/components/schemas/GatewayMessage";
        }

        var responses = pathItem[method]?["responses"] as JsonObject;
        Assert.True(responses is not null, $"{exchange}: the document has no {method.ToUpperInvariant()} operation on {path}.");
        var statusKey = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(
            responses.ContainsKey(statusKey),
            $"{exchange}: status {status} is not documented; documented: {string.Join(", ", responses.Select(pair => pair.Key))}.");
        var content = responses[statusKey]?["content"] as JsonObject;
        var documentedTypes = content?.Select(pair => pair.Key).ToList() ?? [];
        var documentedType = documentedTypes.FirstOrDefault(
            type => string.Equals(type, mediaType, StringComparison.OrdinalIgnoreCase));
        Assert.True(
            documentedType is not null,
            $"{exchange}: content type {mediaType} is not documented; documented: {string.Join(", ", documentedTypes)}.");
        Assert.True(
            content![documentedType]?["schema"] is not null,
            $"{exchange}: the document gives no schema for {documentedType}.");
        string[] segments = ["paths", path, method, "responses", statusKey, "content", documentedType, "schema"];
        return string.Concat(segments.Select(segment => "/" + EscapePointerSegment(segment)));
    }

    // RFC 6901: "~" becomes "~0" and "/" becomes "~1".
    private static string EscapePointerSegment(string segment) =>
        segment.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    private static JsonSchema BuildSchema(string pointer)
    {
        // In a URI fragment the pointer's segments are percent-encoded: "+" in "problem+json" would read as a space.
        var fragment = string.Join('/', pointer.Split('/').Select(Uri.EscapeDataString));
        var reference = new JsonObject { ["$ref"] = DocumentUri + "#" + fragment };
        return JsonSchema.FromText(reference.ToJsonString(), Loaded.Value.Options);
    }

    private static string Describe(EvaluationResults results)
    {
        var lines = (results.Details ?? [])
            .Prepend(results)
            .Where(detail => detail.Errors is { Count: > 0 })
            .SelectMany(detail => detail.Errors!.Select(
                error => $"  at '{detail.InstanceLocation}' ({detail.EvaluationPath}): {error.Key}: {error.Value}"))
            .ToList();
        return lines.Count > 0 ? string.Join('\n', lines) : "  (no details)";
    }

    private static (JsonObject Document, BuildOptions Options) Load()
    {
        var path = Path.Combine(RepositoryRoot.Find(), "docs", "openapi.yaml");
        var document = YamlJson.Load(path) as JsonObject
            ?? throw new InvalidOperationException($"{path} is not a YAML mapping.");
        var registry = new SchemaRegistry();
        using var json = JsonDocument.Parse(document.ToJsonString());
        registry.Register(DocumentUri, new JsonElementBaseDocument(json.RootElement.Clone(), DocumentUri));
        return (document, new BuildOptions { SchemaRegistry = registry });
    }
}
