using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Signup.Lambda;

/// <summary>
/// The invocation loop of a custom runtime: it takes the next invocation from the Runtime API, runs the
/// handler and posts the result, until the cancellation token passed to <c>RunAsync</c> fires.
/// </summary>
/// <remarks>
/// A handler that throws becomes an invocation error (<see cref="LambdaError.FromException"/>) and the loop
/// goes on. A response the Runtime API rejects as too large (413) becomes an invocation error of type
/// <c>Function.ResponseSizeTooLarge</c>. When the Runtime API rejects a result with 400 or 403, the
/// invocation is already over, so the loop logs it and goes on. Any other Runtime API failure throws
/// <see cref="RuntimeApiException"/> out of <c>RunAsync</c>, because the runtime cannot work without the
/// Runtime API and Lambda replaces a process that exits.
/// </remarks>
public sealed class LambdaBootstrap
{
    /// <summary>Environment variable that the AWS SDKs and X-Ray read the current trace header from.</summary>
    public const string TraceIdVariable = "_X_AMZN_TRACE_ID";

    /// <summary>Error type reported when the Runtime API rejects a response as too large.</summary>
    public const string ResponseTooLargeErrorType = "Function.ResponseSizeTooLarge";

    private readonly IRuntimeApiClient _client;
    private readonly ILogger _logger;
    private readonly TimeSpan _gracePeriod;

    /// <summary>Creates a loop over <paramref name="client"/>.</summary>
    public LambdaBootstrap(IRuntimeApiClient client, ILogger? logger = null, LambdaBootstrapOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        _logger = logger ?? NullLogger.Instance;
        _gracePeriod = (options ?? new LambdaBootstrapOptions()).ShutdownGracePeriod;
        ArgumentOutOfRangeException.ThrowIfLessThan(_gracePeriod, TimeSpan.Zero, nameof(options));
    }

    /// <summary>
    /// Serves invocations with <paramref name="handler"/> until <paramref name="cancellationToken"/> fires,
    /// then returns after the in-flight invocation, if any, has finished or its grace period has run out.
    /// </summary>
    /// <exception cref="RuntimeApiException">The Runtime API failed; the process should exit non-zero.</exception>
    public Task RunAsync(LambdaHandler handler, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return RunAsync(_ => Task.FromResult(handler), cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="initializeAsync"/> once, then serves invocations with the handler it returns,
    /// as <see cref="RunAsync(LambdaHandler, CancellationToken)"/> does. When initialization throws, the
    /// error is posted to <c>init/error</c> and the exception is rethrown, so the process exits non-zero,
    /// as the Runtime API requires after an init error.
    /// </summary>
    /// <exception cref="RuntimeApiException">The Runtime API failed; the process should exit non-zero.</exception>
    public async Task RunAsync(
        Func<CancellationToken, Task<LambdaHandler>> initializeAsync, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(initializeAsync);

        // The grace token fires a grace period after shutdown is requested. It bounds the in-flight handler
        // and the posting of its result, which must still go out after shutdown began.
        using var grace = new CancellationTokenSource();
        using var onShutdown = cancellationToken.Register(() => grace.CancelAfter(_gracePeriod));

        var handler = await InitializeAsync(initializeAsync, cancellationToken).ConfigureAwait(false);
        if (handler is null)
        {
            LambdaLog.Stopped(_logger);
            return;
        }

        while (!cancellationToken.IsCancellationRequested)
        {
            Invocation invocation;
            try
            {
                invocation = await _client.GetNextInvocationAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }

            if (!await InvokeAsync(handler, invocation, grace.Token).ConfigureAwait(false))
            {
                break;
            }
        }

        LambdaLog.Stopped(_logger);
    }

    // Returns null when shutdown was requested during initialization.
    private async Task<LambdaHandler?> InitializeAsync(
        Func<CancellationToken, Task<LambdaHandler>> initializeAsync, CancellationToken cancellationToken)
    {
        try
        {
            return await initializeAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return null;
        }
        catch (Exception e)
        {
            // Logged first, so the cause stays on record even if the Runtime API rejects the report.
            var error = LambdaError.FromException(e);
            LambdaLog.InitializationFailed(_logger, error.ErrorType, e);
            await _client.ReportInitErrorAsync(error, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    // Runs one invocation and posts its result. Returns false when the shutdown grace period ran out.
    private async Task<bool> InvokeAsync(LambdaHandler handler, Invocation invocation, CancellationToken grace)
    {
        // Set per invocation, and cleared when absent, so that the AWS SDK never attaches the trace of an
        // earlier invocation to this one's calls.
        Environment.SetEnvironmentVariable(TraceIdVariable, invocation.TraceId);

        ReadOnlyMemory<byte> response;
        using (var invocationToken = CancellationTokenSource.CreateLinkedTokenSource(grace))
        {
            var remaining = invocation.GetRemainingTime();
            if (remaining <= TimeSpan.Zero)
            {
                // CancelAfter(0) would cancel later, on a timer thread, but the handler must start with the
                // token already cancelled.
                await invocationToken.CancelAsync().ConfigureAwait(false);
            }
            else
            {
                invocationToken.CancelAfter(ClampDelay(remaining));
            }

            try
            {
                // WaitAsync bounds a handler that ignores its token. When the grace period runs out, such a
                // handler is left running.
                response = await handler(invocation, invocationToken.Token).WaitAsync(grace).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (grace.IsCancellationRequested)
            {
                LambdaLog.InvocationAbandoned(_logger, invocation.RequestId, _gracePeriod.TotalMilliseconds);
                return false;
            }
            catch (Exception e)
            {
                // The boundary of user code: every failure, including a timeout at the deadline, is the
                // invocation's result rather than the runtime's.
                var error = LambdaError.FromException(e);
                LambdaLog.HandlerFailed(_logger, invocation.RequestId, error.ErrorType, e);
                return await PostResultAsync(
                        invocation,
                        grace,
                        token => _client.ReportInvocationErrorAsync(invocation.RequestId, error, token))
                    .ConfigureAwait(false);
            }
        }

        return await PostResultAsync(invocation, grace, async token =>
        {
            try
            {
                await _client.SendResponseAsync(invocation.RequestId, response, token).ConfigureAwait(false);
            }
            catch (RuntimeApiException e) when (e.StatusCode == HttpStatusCode.RequestEntityTooLarge)
            {
                LambdaLog.ResponseTooLarge(_logger, invocation.RequestId, response.Length);
                var error = new LambdaError
                {
                    ErrorType = ResponseTooLargeErrorType,
                    ErrorMessage =
                        $"Response payload of {response.Length} bytes exceeds the maximum the Runtime API accepts.",
                    StackTrace = [],
                };
                await _client.ReportInvocationErrorAsync(invocation.RequestId, error, token).ConfigureAwait(false);
            }
        }).ConfigureAwait(false);
    }

    private async Task<bool> PostResultAsync(
        Invocation invocation, CancellationToken grace, Func<CancellationToken, Task> post)
    {
        try
        {
            await post(grace).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (grace.IsCancellationRequested)
        {
            LambdaLog.InvocationAbandoned(_logger, invocation.RequestId, _gracePeriod.TotalMilliseconds);
            return false;
        }
        catch (RuntimeApiException e) when (e.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Forbidden)
        {
            // 400 and 403 mean the Runtime API no longer accepts a result for this request id, for example
            // because Lambda already timed the invocation out. The next invocation is unaffected.
            LambdaLog.ResultRejected(_logger, invocation.RequestId, (int)e.StatusCode.Value, e);
            return true;
        }
    }

    // Keeps the delay within the range CancelAfter accepts. Lambda's longest timeout is 15 minutes, so only a
    // corrupt deadline reaches this bound of about 24.8 days.
    private static TimeSpan ClampDelay(TimeSpan delay)
    {
        var max = TimeSpan.FromMilliseconds(int.MaxValue - 1);
        return delay > max ? max : delay;
    }
}
