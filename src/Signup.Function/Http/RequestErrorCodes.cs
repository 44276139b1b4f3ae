namespace Signup.Function.Http;

/// <summary>
/// Error codes of problems with the request itself, as opposed to the registration rules, whose codes are in
/// <see cref="Signup.Core.RegistrationErrors"/>. The codes are part of the API: clients match on them.
/// </summary>
internal static class RequestErrorCodes
{
    public const string BodyEmpty = "body_empty";

    public const string BodyInvalidBase64 = "body_invalid_base64";

    public const string BodyInvalidUtf8 = "body_invalid_utf8";

    public const string BodyInvalidJson = "body_invalid_json";

    public const string BodyNotObject = "body_not_object";

    public const string BodyDuplicateKey = "body_duplicate_key";

    public const string BodyTooLarge = "body_too_large";

    public const string ContentTypeUnsupported = "content_type_unsupported";

    public const string FieldMissing = "field_missing";

    public const string FieldNull = "field_null";

    public const string FieldNotString = "field_not_string";

    public const string FieldDuplicate = "field_duplicate";

    public const string FieldUnknown = "field_unknown";

    public const string FieldInvalidUnicode = "field_invalid_unicode";

    public const string UsernameTaken = "username_taken";

    public const string EmailTaken = "email_taken";

    public const string IdempotencyKeyInvalid = "idempotency_key_invalid";

    public const string IdempotencyKeyReused = "idempotency_key_reused";

    public const string IdempotencyKeyInProgress = "idempotency_key_in_progress";

    public static IReadOnlyList<string> All { get; } =
    [
        BodyEmpty,
        BodyInvalidBase64,
        BodyInvalidUtf8,
        BodyInvalidJson,
        BodyNotObject,
        BodyDuplicateKey,
        BodyTooLarge,
        ContentTypeUnsupported,
        FieldMissing,
        FieldNull,
        FieldNotString,
        FieldDuplicate,
        FieldUnknown,
        FieldInvalidUnicode,
        UsernameTaken,
        EmailTaken,
        IdempotencyKeyInvalid,
        IdempotencyKeyReused,
        IdempotencyKeyInProgress,
    ];
}
