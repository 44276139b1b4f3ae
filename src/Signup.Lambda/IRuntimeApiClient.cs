namespace Signup.Lambda;

/// <summary>
/// Client for the Lambda Runtime API (version 2018-06-01) that a custom runtime uses to receive
/// invocations and post their results.
/// See <see href="https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html"/>.
/// </summary>
public interface IRuntimeApiClient
{
    /// <summary>
    /// Waits for the next invocation (<c>GET /runtime/invocation/next</c>). The call long-polls and may
    /// take any time. Throws <see cref="RuntimeApiException"/> when the Runtime API fails or returns
    /// an invocation without a request id or a valid deadline.
    /// </summary>
    Task<Invocation> GetNextInvocationAsync(CancellationToken cancellationToken);

    /// <summary>Posts the function's result (<c>POST /runtime/invocation/{requestId}/response</c>).</summary>
    /// <exception cref="RuntimeApiException">
    /// The Runtime API rejected the response, with status 413 when the payload is too large.
    /// </exception>
    Task SendResponseAsync(string requestId, ReadOnlyMemory<byte> body, CancellationToken cancellationToken);

    /// <summary>Reports a failed invocation (<c>POST /runtime/invocation/{requestId}/error</c>).</summary>
    Task ReportInvocationErrorAsync(string requestId, LambdaError error, CancellationToken cancellationToken);

    /// <summary>
    /// Reports that the runtime could not initialise (<c>POST /runtime/init/error</c>). The process should
    /// exit afterwards.
    /// </summary>
    Task ReportInitErrorAsync(LambdaError error, CancellationToken cancellationToken);
}
