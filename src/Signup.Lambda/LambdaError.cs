using System.Text.Json.Serialization;

namespace Signup.Lambda;

/// <summary>
/// Error document posted to the Runtime API's <c>invocation/{id}/error</c> and <c>init/error</c> endpoints,
/// and returned by the Runtime API itself when it rejects a request.
/// See <see href="https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html#runtimes-api-invokeerror"/>.
/// </summary>
public sealed class LambdaError
{
    /// <summary>Human-readable description of the failure.</summary>
    [JsonPropertyName("errorMessage")]
    public string? ErrorMessage { get; init; }

    /// <summary>Failure category; also sent as the <c>Lambda-Runtime-Function-Error-Type</c> header.</summary>
    [JsonPropertyName("errorType")]
    public string? ErrorType { get; init; }

    /// <summary>Stack trace, one frame or marker per entry.</summary>
    [JsonPropertyName("stackTrace")]
    public IReadOnlyList<string>? StackTrace { get; init; }

    /// <summary>
    /// Describes <paramref name="exception"/>: its type name as the error type, its message, and the stack
    /// frames of it and of its inner exceptions, each inner one introduced by a <c>---&gt; Type: message</c> line.
    /// </summary>
    public static LambdaError FromException(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);

        var frames = new List<string>();
        AddFrames(frames, exception);
        for (var inner = exception.InnerException; inner is not null; inner = inner.InnerException)
        {
            frames.Add($"---> {inner.GetType().Name}: {inner.Message}");
            AddFrames(frames, inner);
        }

        return new LambdaError
        {
            ErrorType = exception.GetType().Name,
            ErrorMessage = exception.Message,
            StackTrace = frames,
        };
    }

    private static void AddFrames(List<string> frames, Exception exception)
    {
        if (exception.StackTrace is not { } stackTrace)
        {
            return;
        }

        foreach (var line in stackTrace.Split('\n'))
        {
            var frame = line.Trim();
            if (frame.Length > 0)
            {
                frames.Add(frame);
            }
        }
    }
}
