using Microsoft.Extensions.Logging;

namespace Signup.Function.Logging;

/// <summary>
/// The function's log events. They carry outcome codes, statuses and durations, never a password, a hash or an
/// email address.
/// </summary>
internal static partial class FunctionLog
{
    [LoggerMessage(
        EventId = 1,
        EventName = "Initialized",
        Level = LogLevel.Information,
        Message = "Function initialized in {InitMs} ms with Argon2id m={MemoryKiB} KiB, t={Iterations}, p={Parallelism}")]
    public static partial void Initialized(
        ILogger logger, double initMs, int memoryKiB, int iterations, int parallelism);

    /// <summary>
    /// One entry per invocation, at Error level with the exception when the function faulted. The idempotency key
    /// is "none" or a short prefix of its SHA-256, never the key.
    /// </summary>
    [LoggerMessage(
        EventId = 2,
        EventName = "Invocation",
        Message = "{Method} answered {Status} ({Outcome}) in {TotalMs} ms: parse {ParseMs} ms, hash {HashMs} ms, "
            + "store {StoreMs} ms; idempotency key {IdempotencyKey}; API Gateway request {ApiRequestId}")]
    public static partial void Invocation(
        ILogger logger,
        LogLevel level,
        Exception? exception,
        string method,
        int status,
        string outcome,
        string idempotencyKey,
        string apiRequestId,
        double parseMs,
        double hashMs,
        double storeMs,
        double totalMs);

    [LoggerMessage(
        EventId = 3,
        EventName = "RuntimeStopped",
        Level = LogLevel.Critical,
        Message = "The runtime stopped: {Reason}")]
    public static partial void RuntimeStopped(ILogger logger, Exception exception, string reason);
}
