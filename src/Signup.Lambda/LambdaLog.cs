using Microsoft.Extensions.Logging;

namespace Signup.Lambda;

/// <summary>Log messages of the runtime loop, with stable event ids.</summary>
internal static partial class LambdaLog
{
    [LoggerMessage(1, LogLevel.Error, "Handler failed for invocation {RequestId}; reporting {ErrorType}",
        EventName = "HandlerFailed")]
    public static partial void HandlerFailed(ILogger logger, string requestId, string? errorType, Exception exception);

    [LoggerMessage(2, LogLevel.Error,
        "Response of {ResponseBytes} bytes for invocation {RequestId} is too large for the Runtime API",
        EventName = "ResponseTooLarge")]
    public static partial void ResponseTooLarge(ILogger logger, string requestId, int responseBytes);

    [LoggerMessage(3, LogLevel.Warning,
        "The Runtime API rejected the result of invocation {RequestId} with status {StatusCode}; "
        + "the invocation is over",
        EventName = "ResultRejected")]
    public static partial void ResultRejected(ILogger logger, string requestId, int statusCode, Exception exception);

    [LoggerMessage(4, LogLevel.Critical, "Initialization failed; reporting {ErrorType} to the Runtime API",
        EventName = "InitializationFailed")]
    public static partial void InitializationFailed(ILogger logger, string? errorType, Exception exception);

    [LoggerMessage(5, LogLevel.Information, "Shutdown requested; the runtime loop stopped", EventName = "Stopped")]
    public static partial void Stopped(ILogger logger);

    [LoggerMessage(6, LogLevel.Warning,
        "Invocation {RequestId} did not finish within the {GracePeriodMs} ms shutdown grace period; abandoning it",
        EventName = "InvocationAbandoned")]
    public static partial void InvocationAbandoned(ILogger logger, string requestId, double gracePeriodMs);
}
