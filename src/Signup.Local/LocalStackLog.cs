namespace Signup.Local;

/// <summary>Log messages of the local stack, with stable event ids.</summary>
internal static partial class LocalStackLog
{
    [LoggerMessage(1, LogLevel.Information, "Started {Instance} (pid {ProcessId}): init took {InitMs:0} ms", EventName = "InstanceStarted")]
    public static partial void InstanceStarted(ILogger logger, string instance, int processId, double initMs);

    [LoggerMessage(2, LogLevel.Information, "Stopped {Instance} (pid {ProcessId}) after {IdleSeconds:0} s idle", EventName = "InstanceIdleStopped")]
    public static partial void InstanceIdleStopped(ILogger logger, string instance, int processId, double idleSeconds);

    [LoggerMessage(3, LogLevel.Warning, "{Instance} (pid {ProcessId}) timed out after {TimeoutSeconds:0.###} s on request {RequestId}; its process tree was killed", EventName = "InvocationTimedOut")]
    public static partial void InvocationTimedOut(ILogger logger, string instance, int processId, double timeoutSeconds, string requestId);

    [LoggerMessage(4, LogLevel.Warning, "{Instance} (pid {ProcessId}) exited with code {ExitCode}", EventName = "InstanceExited")]
    public static partial void InstanceExited(ILogger logger, string instance, int processId, int exitCode);

    [LoggerMessage(10, LogLevel.Information, "{Instance} (pid {ProcessId}) exited with code 0", EventName = "InstanceExitedCleanly")]
    public static partial void InstanceExitedCleanly(ILogger logger, string instance, int processId);

    [LoggerMessage(5, LogLevel.Warning, "{Instance} (pid {ProcessId}) reported an init error of type {ErrorType}; the process is dropped", EventName = "InitFailed")]
    public static partial void InitFailed(ILogger logger, string instance, int processId, string errorType);

    [LoggerMessage(6, LogLevel.Warning, "{Instance} reported an error of type {ErrorType} for request {RequestId}", EventName = "InvocationFailed")]
    public static partial void InvocationFailed(ILogger logger, string instance, string errorType, string requestId);

    [LoggerMessage(7, LogLevel.Error, "Starting a process of {Function} failed: {FileName} could not be run", EventName = "InstanceStartFailed")]
    public static partial void InstanceStartFailed(ILogger logger, string function, string fileName, Exception exception);

    [LoggerMessage(8, LogLevel.Warning, "{Instance} (pid {ProcessId}) did not ask for an event within {InitSeconds:0.###} s of its start; its process tree was killed", EventName = "InitTimedOut")]
    public static partial void InitTimedOut(ILogger logger, string instance, int processId, double initSeconds);

    [LoggerMessage(9, LogLevel.Warning, "Runtime API request {Method} {Path} rejected: {Reason}", EventName = "RuntimeApiRejected")]
    public static partial void RuntimeApiRejected(ILogger logger, string method, string path, string reason);

    [LoggerMessage(20, LogLevel.Error, "Request {RequestId} to {RouteKey} failed in the gateway", EventName = "GatewayFailed")]
    public static partial void GatewayFailed(ILogger logger, string requestId, string routeKey, Exception exception);

    [LoggerMessage(21, LogLevel.Warning, "Template: {Warning}", EventName = "TemplateWarning")]
    public static partial void TemplateWarning(ILogger logger, string warning);

    [LoggerMessage(30, LogLevel.Information, "DynamoDB Local is up at {Endpoint} ({Storage})", EventName = "DynamoDbStarted")]
    public static partial void DynamoDbStarted(ILogger logger, string endpoint, string storage);

    [LoggerMessage(31, LogLevel.Information, "Table {TableName}: {State}", EventName = "TableReady")]
    public static partial void TableReady(ILogger logger, string tableName, string state);

    [LoggerMessage(32, LogLevel.Information, "Stopping the local stack", EventName = "Stopping")]
    public static partial void Stopping(ILogger logger);

    [LoggerMessage(33, LogLevel.Warning, "The readiness probe {Method} {Url} returned {Status}; retrying", EventName = "ProbeRetry")]
    public static partial void ProbeRetry(ILogger logger, string method, string url, int status);
}
