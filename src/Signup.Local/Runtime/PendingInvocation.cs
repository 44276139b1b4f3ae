namespace Signup.Local.Runtime;

/// <summary>
/// One event on its way through a function process: queued for the process, delivered by <c>next</c>, and
/// completed by the first of a response, an error, a crash or a timeout.
/// </summary>
internal sealed class PendingInvocation
{
    private readonly TaskCompletionSource _delivered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<InvocationResult> _completion =
        new(TaskCreationOptions.RunContinuationsAsynchronously);

    public PendingInvocation(byte[] payload, string traceId)
    {
        Payload = payload;
        TraceId = traceId;
    }

    /// <summary>Lambda request id: a UUID, distinct from API Gateway's request id.</summary>
    public string RequestId { get; } = Guid.NewGuid().ToString("D");

    public byte[] Payload { get; }

    /// <summary>X-Ray trace header sent as <c>Lambda-Runtime-Trace-Id</c>.</summary>
    public string TraceId { get; }

    /// <summary>Time at which the invocation times out; set when the process receives it.</summary>
    public DateTimeOffset Deadline { get; private set; }

    public Task Delivered => _delivered.Task;

    public Task<InvocationResult> Completion => _completion.Task;

    public bool IsCompleted => _completion.Task.IsCompleted;

    public void MarkDelivered(DateTimeOffset deadline)
    {
        Deadline = deadline;
        _delivered.TrySetResult();
    }

    /// <summary>Sets the result unless another one came first; returns whether this one was taken.</summary>
    public bool TryComplete(InvocationResult result) => _completion.TrySetResult(result);
}
