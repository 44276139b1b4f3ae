namespace Signup.Lambda;

/// <summary>
/// One invocation received from the Lambda Runtime API: the event payload and the metadata that
/// <c>GET /runtime/invocation/next</c> returns in its response headers.
/// </summary>
public sealed class Invocation
{
    private readonly byte[] _body;

    /// <summary>Creates an invocation; <paramref name="body"/> is kept, not copied.</summary>
    public Invocation(string requestId, DateTimeOffset deadline, byte[] body)
    {
        ArgumentException.ThrowIfNullOrEmpty(requestId);
        ArgumentNullException.ThrowIfNull(body);
        RequestId = requestId;
        Deadline = deadline;
        _body = body;
    }

    /// <summary>
    /// Request id from <c>Lambda-Runtime-Aws-Request-Id</c>; responses and errors are posted under it.
    /// </summary>
    public string RequestId { get; }

    /// <summary>Time at which Lambda times the invocation out, from <c>Lambda-Runtime-Deadline-Ms</c>.</summary>
    public DateTimeOffset Deadline { get; }

    /// <summary>
    /// ARN of the function, version or alias that was invoked, from <c>Lambda-Runtime-Invoked-Function-Arn</c>.
    /// </summary>
    public string? InvokedFunctionArn { get; init; }

    /// <summary>X-Ray tracing header from <c>Lambda-Runtime-Trace-Id</c>, if tracing is on.</summary>
    public string? TraceId { get; init; }

    /// <summary>
    /// Client application data from <c>Lambda-Runtime-Client-Context</c> (AWS Mobile SDK invocations only).
    /// </summary>
    public string? ClientContext { get; init; }

    /// <summary>
    /// Amazon Cognito identity from <c>Lambda-Runtime-Cognito-Identity</c> (AWS Mobile SDK invocations only).
    /// </summary>
    public string? CognitoIdentity { get; init; }

    /// <summary>Event payload, usually a UTF-8 JSON document.</summary>
    public ReadOnlyMemory<byte> Body => _body;

    /// <summary>Opens a read-only stream over <see cref="Body"/> without copying it.</summary>
    public Stream OpenBodyStream() => new MemoryStream(_body, writable: false);

    /// <summary>Returns the time left until <see cref="Deadline"/>, negative once it has passed.</summary>
    public TimeSpan GetRemainingTime(TimeProvider? timeProvider = null) =>
        Deadline - (timeProvider ?? TimeProvider.System).GetUtcNow();
}
