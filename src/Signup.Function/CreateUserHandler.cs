using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Signup.Core;
using Signup.Function.Http;
using Signup.Function.Logging;

namespace Signup.Function;

/// <summary>
/// Handles <c>POST /createUser</c>: reads the request, registers the user and turns the result into a JSON response
/// or an RFC 9457 problem. A fault gets a 500 with the request id and never reveals internal messages.
/// </summary>
internal sealed class CreateUserHandler(RegistrationService service, ILogger logger, TimeProvider timeProvider)
{
    /// <summary>
    /// Time reserved before the invocation deadline for sending the response, so that a slow database turns into a 503
    /// rather than a function timeout.
    /// </summary>
    public static readonly TimeSpan ResponseReserve = TimeSpan.FromMilliseconds(750);

    public async Task<FunctionResponse> HandleAsync(
        FunctionRequest request,
        DateTimeOffset deadline,
        CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        var parseTime = TimeSpan.Zero;
        var timings = default(RegistrationTimings);
        string? idempotencyKey = null;
        FunctionResponse response;
        string outcome;
        Exception? fault = null;
        try
        {
            if (!string.Equals(request.Method, "POST", StringComparison.OrdinalIgnoreCase))
            {
                var problem = Problems.MethodNotAllowed(request.Method);
                response = ProblemResponse(problem, request.RequestId, ("allow", "POST"));
                outcome = problem.OutcomeCode;
            }
            else
            {
                var read = CreateUserRequestReader.Read(request);
                parseTime = timeProvider.GetElapsedTime(started);
                if (read.Problem is { } problem)
                {
                    response = ProblemResponse(problem, request.RequestId);
                    outcome = problem.OutcomeCode;
                }
                else
                {
                    idempotencyKey = read.Input!.IdempotencyKey;
                    var result = await service
                        .RegisterAsync(read.Input!, deadline - ResponseReserve, cancellationToken)
                        .ConfigureAwait(false);
                    timings = result.Timings;
                    (response, outcome) = ToResponse(result, request.RequestId);
                }
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException
                                          || !cancellationToken.IsCancellationRequested)
        {
            // Nothing reaches the caller but the status and the request id: messages and stack traces stay in the log.
            fault = exception;
            var problem = Problems.InternalError();
            response = ProblemResponse(problem, request.RequestId);
            outcome = problem.OutcomeCode;
        }

        FunctionLog.Invocation(
            logger,
            fault is null ? LogLevel.Information : LogLevel.Error,
            fault,
            request.Method,
            response.StatusCode,
            outcome,
            DescribeKey(idempotencyKey),
            request.RequestId,
            parseTime.TotalMilliseconds,
            timings.Hash.TotalMilliseconds,
            timings.Store.TotalMilliseconds,
            timeProvider.GetElapsedTime(started).TotalMilliseconds);
        return response;
    }

    private static (FunctionResponse Response, string Outcome) ToResponse(RegistrationResult result, string requestId)
    {
        ApiProblem problem;
        switch (result)
        {
            case RegistrationResult.Created created:
                return (UserResponse(created.User, replayed: false), "created");
            case RegistrationResult.Replayed replayed:
                return (UserResponse(replayed.User, replayed: true), "replayed");
            case RegistrationResult.Invalid invalid:
                problem = Problems.ValidationFailed(invalid.Errors);
                break;
            case RegistrationResult.Conflict conflict:
                problem = Problems.Conflict(conflict.Fields);
                break;
            case RegistrationResult.KeyReused:
                problem = Problems.IdempotencyKeyReused();
                break;
            case RegistrationResult.KeyInProgress inProgress:
                problem = Problems.IdempotencyKeyInProgress(inProgress.RetryAfter);
                break;
            case RegistrationResult.Unavailable unavailable:
                problem = Problems.Unavailable(unavailable.RetryAfter, unavailable.MayHaveBeenCreated);
                break;
            default:
                throw new InvalidOperationException($"Unknown registration result {result.GetType().Name}.");
        }

        return (ProblemResponse(problem, requestId), problem.OutcomeCode);
    }

    // A replay sends the body of the first response again, marked with idempotent-replayed so a client can tell.
    private static FunctionResponse UserResponse(RegisteredUser user, bool replayed)
    {
        var body = new CreatedUser(
            user.UserId.ToString("D"),
            user.Username,
            user.Email,
            user.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        var json = JsonSerializer.Serialize(body, FunctionJsonContext.Default.CreatedUser);
        var headers = Headers("application/json");
        if (replayed)
        {
            headers["idempotent-replayed"] = "true";
        }

        return new FunctionResponse(200, headers, json);
    }

    // The log names a key by the first 8 characters of its base64url SHA-256 (48 bits), enough to match the lines
    // of one client's retries without writing the key, which a client may have built from personal data.
    private static string DescribeKey(string? idempotencyKey) =>
        idempotencyKey is null ? "none" : Idempotency.HashKey(idempotencyKey)[..8];

    private static FunctionResponse ProblemResponse(
        ApiProblem problem,
        string requestId,
        params (string Name, string Value)[] extraHeaders)
    {
        var body = new ProblemDetails
        {
            Type = problem.Type,
            Title = problem.Title,
            Status = problem.Status,
            Detail = problem.Detail,
            Errors = problem.Errors,
            RequestId = requestId,
        };
        var headers = Headers("application/problem+json");
        if (problem.RetryAfter is { } retryAfter)
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
            headers["retry-after"] = seconds.ToString(CultureInfo.InvariantCulture);
        }

        foreach (var (name, value) in extraHeaders)
        {
            headers[name] = value;
        }

        var json = JsonSerializer.Serialize(body, FunctionJsonContext.Default.ProblemDetails);
        return new FunctionResponse(problem.Status, headers, json);
    }

    private static Dictionary<string, string> Headers(string contentType) => new(StringComparer.OrdinalIgnoreCase)
    {
        ["content-type"] = contentType,
        ["cache-control"] = "no-store",
        ["x-content-type-options"] = "nosniff",
    };
}
