using Signup.Core;

namespace Signup.Function.Http;

/// <summary>
/// The problem types of the function's error responses. Each type is a relative URI reference under <c>/problems/</c>;
/// the API description lists them with their statuses and error codes.
/// </summary>
internal static class Problems
{
    /// <summary>The key in <see cref="ApiProblem.Errors"/> for problems with the body as a whole.</summary>
    public const string BodyKey = "body";

    /// <summary>The key in <see cref="ApiProblem.Errors"/> for problems with the <c>Idempotency-Key</c> header.</summary>
    public const string IdempotencyKeyKey = "Idempotency-Key";

    public static ApiProblem ValidationFailed(IEnumerable<FieldError> errors) => new(
        400,
        "/problems/validation-failed",
        "The registration is not valid",
        "One or more fields are not valid. Correct them and submit again.",
        GroupByField(errors));

    public static ApiProblem MalformedBody(string detail, IEnumerable<FieldError> errors) => new(
        400,
        "/problems/malformed-body",
        "The request body is malformed",
        detail,
        GroupByField(errors));

    public static ApiProblem Conflict(IReadOnlyList<string> fields)
    {
        var errors = fields.Select(field => field == FieldNames.Email
            ? new FieldError(field, RequestErrorCodes.EmailTaken, "An account with this email address already exists.")
            : new FieldError(field, RequestErrorCodes.UsernameTaken, "This username is already taken. Choose another one."));
        return new(
            409,
            "/problems/already-registered",
            "The account already exists",
            "Another account already uses the " + string.Join(" and ", fields) + ".",
            GroupByField(errors));
    }

    public static ApiProblem InvalidIdempotencyKey(int maxLength) => new(
        400,
        "/problems/invalid-idempotency-key",
        "The Idempotency-Key header is not valid",
        $"Send 1 to {maxLength} printable ASCII characters in Idempotency-Key, or leave the header out.",
        GroupByField([new FieldError(
            IdempotencyKeyKey,
            RequestErrorCodes.IdempotencyKeyInvalid,
            $"The key must be 1 to {maxLength} printable ASCII characters (space to tilde) after trimming spaces and tabs.")]));

    public static ApiProblem IdempotencyKeyReused() => new(
        422,
        "/problems/idempotency-key-reused",
        "The Idempotency-Key was used with a different request",
        "An earlier request with this Idempotency-Key registered a different username, email or password. " +
        "Send a new key for a new registration.",
        GroupByField([new FieldError(
            IdempotencyKeyKey,
            RequestErrorCodes.IdempotencyKeyReused,
            "This key belongs to another registration. Generate a new key.")]));

    public static ApiProblem IdempotencyKeyInProgress(TimeSpan retryAfter) => new(
        409,
        "/problems/idempotency-key-in-progress",
        "A request with this Idempotency-Key is in progress",
        "Another request with the same Idempotency-Key is being processed. Retry after the time in Retry-After.",
        GroupByField([new FieldError(
            IdempotencyKeyKey,
            RequestErrorCodes.IdempotencyKeyInProgress,
            "A request with this key is in progress. Retry shortly with the same key.")]),
        retryAfter);

    public static ApiProblem PayloadTooLarge(int maxBytes) => new(
        413,
        "/problems/payload-too-large",
        "The request body is too large",
        $"The body may be at most {maxBytes} bytes.",
        GroupByField([new FieldError(BodyKey, RequestErrorCodes.BodyTooLarge, $"The body is larger than {maxBytes} bytes.")]));

    public static ApiProblem UnsupportedMediaType(string? contentType) => new(
        415,
        "/problems/unsupported-media-type",
        "The request body must be JSON",
        contentType is null
            ? "The request has no Content-Type. Send the body as application/json."
            : "The Content-Type is not application/json. Send the body as application/json.",
        GroupByField([new FieldError(BodyKey, RequestErrorCodes.ContentTypeUnsupported, "Send the body as application/json.")]));

    public static ApiProblem MethodNotAllowed(string method) => new(
        405,
        "/problems/method-not-allowed",
        "The method is not allowed",
        $"{method} is not supported here. Use POST.");

    public static ApiProblem Unavailable(TimeSpan retryAfter, bool mayHaveBeenCreated) => new(
        503,
        "/problems/service-unavailable",
        "The service is temporarily unavailable",
        mayHaveBeenCreated
            ? "The database did not confirm the write in time, so the account may have been created. Retry with the "
              + "same Idempotency-Key to get the result; without one, a retry gets 409 if the account exists."
            : "The account was not created because the database is busy or unreachable. Try again shortly.",
        RetryAfter: retryAfter);

    public static ApiProblem InternalError() => new(
        500,
        "/problems/internal-error",
        "An unexpected error occurred",
        "The account was not created because of a server fault. Quote the request id when reporting it.");

    private static Dictionary<string, IReadOnlyList<ProblemError>> GroupByField(IEnumerable<FieldError> errors) =>
        errors
            .GroupBy(error => error.Field, StringComparer.Ordinal)
            .ToDictionary(
                group => group.Key,
                group => (IReadOnlyList<ProblemError>)group.Select(e => new ProblemError(e.Code, e.Message)).ToList(),
                StringComparer.Ordinal);
}
