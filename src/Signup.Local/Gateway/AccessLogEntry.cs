using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Signup.Local.Gateway;

/// <summary>
/// One access-log line, with the fields named after API Gateway's <c>$context</c> variables. Latencies are in
/// milliseconds; <see cref="IntegrationLatencyMs"/> is null when no function was invoked.
/// </summary>
internal sealed record AccessLogEntry(
    string RequestId,
    string Ip,
    string RequestTime,
    string HttpMethod,
    string Path,
    string RouteKey,
    int Status,
    string Protocol,
    long ResponseLength,
    long ResponseLatencyMs,
    long? IntegrationLatencyMs)
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Formats the entry as one line of JSON.</summary>
    public string ToJson()
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("requestId", RequestId);
            writer.WriteString("ip", Ip);
            writer.WriteString("requestTime", RequestTime);
            writer.WriteString("httpMethod", HttpMethod);
            writer.WriteString("path", Path);
            writer.WriteString("routeKey", RouteKey);
            writer.WriteNumber("status", Status);
            writer.WriteString("protocol", Protocol);
            writer.WriteNumber("responseLength", ResponseLength);
            writer.WriteNumber("responseLatency", ResponseLatencyMs);
            if (IntegrationLatencyMs is { } integration)
            {
                writer.WriteNumber("integrationLatency", integration);
            }
            else
            {
                writer.WriteNull("integrationLatency");
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
