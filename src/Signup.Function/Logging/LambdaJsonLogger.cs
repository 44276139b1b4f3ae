using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Signup.Function.Logging;

/// <summary>
/// Writes each log entry as one line of JSON in the shape of Lambda's JSON log format: <c>timestamp</c>,
/// <c>level</c>, <c>requestId</c> and <c>message</c>, then the entry's named values. An exception adds its type
/// chain and stack trace but not its message, because messages from lower layers may quote stored values.
/// </summary>
internal sealed class LambdaJsonLogger(Stream output, LogLevel minimumLevel, TimeProvider timeProvider) : ILogger
{
    private static readonly AsyncLocal<string?> CurrentRequestId = new();

    private readonly Lock _writeLock = new();

    /// <summary>Sets the Lambda request id that entries logged from the current async flow carry.</summary>
    public static void SetRequestId(string? requestId) => CurrentRequestId.Value = requestId;

    /// <summary>Reads the level from <c>AWS_LAMBDA_LOG_LEVEL</c>, which Lambda sets from the function's log settings.</summary>
    public static LogLevel ParseLevel(string? value) => value?.ToUpperInvariant() switch
    {
        "TRACE" => LogLevel.Trace,
        "DEBUG" => LogLevel.Debug,
        "WARN" => LogLevel.Warning,
        "ERROR" => LogLevel.Error,
        "FATAL" => LogLevel.Critical,
        _ => LogLevel.Information,
    };

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && logLevel >= minimumLevel;

    public void Log<TState>(
        LogLevel logLevel,
        EventId eventId,
        TState state,
        Exception? exception,
        Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
        {
            return;
        }

        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("timestamp", timeProvider.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            writer.WriteString("level", LevelName(logLevel));
            if (CurrentRequestId.Value is { } requestId)
            {
                writer.WriteString("requestId", requestId);
            }

            writer.WriteString("message", formatter(state, exception));
            if (eventId.Name is { } eventName)
            {
                writer.WriteString("event", eventName);
            }

            if (state is IReadOnlyList<KeyValuePair<string, object?>> values)
            {
                foreach (var (key, value) in values)
                {
                    if (key != "{OriginalFormat}")
                    {
                        WriteValue(writer, CamelCase(key), value);
                    }
                }
            }

            if (exception is not null)
            {
                writer.WriteString("exceptionType", DescribeTypes(exception));
                writer.WriteStartArray("stackTrace");
                foreach (var line in (exception.StackTrace ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries))
                {
                    writer.WriteStringValue(line.Trim());
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        lock (_writeLock)
        {
            output.Write(buffer.WrittenSpan);
            output.Write("\n"u8);
            output.Flush();
        }
    }

    private static string LevelName(LogLevel level) => level switch
    {
        LogLevel.Trace => "TRACE",
        LogLevel.Debug => "DEBUG",
        LogLevel.Information => "INFO",
        LogLevel.Warning => "WARN",
        LogLevel.Error => "ERROR",
        _ => "FATAL",
    };

    private static string CamelCase(string key) =>
        key.Length > 0 && char.IsUpper(key[0]) ? char.ToLowerInvariant(key[0]) + key[1..] : key;

    private static string DescribeTypes(Exception exception)
    {
        var names = new List<string>();
        for (var current = exception; current is not null; current = current.InnerException)
        {
            names.Add(current.GetType().FullName ?? current.GetType().Name);
        }

        return string.Join(" <- ", names);
    }

    private static void WriteValue(Utf8JsonWriter writer, string key, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNull(key);
                break;
            case bool flag:
                writer.WriteBoolean(key, flag);
                break;
            case int number:
                writer.WriteNumber(key, number);
                break;
            case long number:
                writer.WriteNumber(key, number);
                break;
            case double number:
                writer.WriteNumber(key, Math.Round(number, 3));
                break;
            case IFormattable formattable:
                writer.WriteString(key, formattable.ToString(null, CultureInfo.InvariantCulture));
                break;
            default:
                writer.WriteString(key, value.ToString());
                break;
        }
    }
}
