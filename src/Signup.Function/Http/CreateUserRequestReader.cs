using System.Buffers.Text;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Signup.Core;

namespace Signup.Function.Http;

/// <summary>
/// Reads a <c>POST /createUser</c> request into <see cref="RegistrationInput"/>, or into the problem that stops it:
/// an invalid <c>Idempotency-Key</c> header (400), a wrong media type (415), a body over <see cref="MaxBodyBytes"/>
/// (413), or a body that is not a JSON object of exactly the three string fields (400). Every field problem is
/// reported at once.
/// </summary>
internal static class CreateUserRequestReader
{
    /// <summary>The largest body accepted, in bytes after base64 decoding.</summary>
    public const int MaxBodyBytes = 16 * 1024;

    /// <summary>The longest <c>Idempotency-Key</c> accepted, in characters after trimming.</summary>
    public const int MaxIdempotencyKeyLength = 128;

    private const int MaxReportedUnknownFields = 10;
    private const int MaxReportedNameLength = 64;

    private static readonly string[] KnownFields = [FieldNames.Username, FieldNames.Email, FieldNames.Password];

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static ReadResult Read(FunctionRequest request)
    {
        // API Gateway's HTTP API sends header names in lower case; the lookup ignores case for the REST format.
        var idempotencyKey = request.GetHeader("idempotency-key");
        if (idempotencyKey is not null)
        {
            idempotencyKey = TrimIdempotencyKey(idempotencyKey);
            if (idempotencyKey is null)
            {
                return Problems.InvalidIdempotencyKey(MaxIdempotencyKeyLength);
            }
        }

        var result = ReadBody(request);
        return result.Input is { } input && idempotencyKey is not null
            ? input with { IdempotencyKey = idempotencyKey }
            : result;
    }

    /// <summary>
    /// Returns the key without the spaces and tabs around it, as HTTP strips them from field values (RFC 9110,
    /// section 5.5), or null when what remains is empty, longer than <see cref="MaxIdempotencyKeyLength"/> or contains a
    /// character outside printable ASCII (0x20 to 0x7E).
    /// </summary>
    internal static string? TrimIdempotencyKey(string value)
    {
        var key = value.Trim([' ', '\t']);
        if (key.Length is 0 or > MaxIdempotencyKeyLength)
        {
            return null;
        }

        foreach (var character in key)
        {
            if (character is < ' ' or > '~')
            {
                return null;
            }
        }

        return key;
    }

    private static ReadResult ReadBody(FunctionRequest request)
    {
        var contentType = request.GetHeader("content-type");
        if (!IsJsonMediaType(contentType))
        {
            return Problems.UnsupportedMediaType(contentType);
        }

        var bodyResult = DecodeBody(request);
        if (bodyResult.Problem is { } bodyProblem)
        {
            return bodyProblem;
        }

        return ParseBody(bodyResult.Bytes);
    }

    /// <summary>
    /// Accepts <c>application/json</c> in any letter case, with any parameters. A charset parameter changes nothing,
    /// because JSON exchanged between systems is UTF-8 (RFC 8259, section 8.1) and the body is checked as UTF-8.
    /// </summary>
    private static bool IsJsonMediaType(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var parsed)
        && string.Equals(parsed.MediaType, "application/json", StringComparison.OrdinalIgnoreCase);

    private static (byte[] Bytes, ApiProblem? Problem) DecodeBody(FunctionRequest request)
    {
        var body = request.Body ?? "";
        if (request.IsBase64Encoded)
        {
            // Checked before decoding, so that an oversized body is never decoded into memory.
            if (Base64.GetMaxDecodedFromUtf8Length(body.Length) > MaxBodyBytes + 2)
            {
                return ([], Problems.PayloadTooLarge(MaxBodyBytes));
            }

            var decoded = new byte[Base64.GetMaxDecodedFromUtf8Length(body.Length)];
            if (!Convert.TryFromBase64String(body, decoded, out var length))
            {
                return ([], MalformedBody(RequestErrorCodes.BodyInvalidBase64, "The body is marked as base64 but does not decode."));
            }

            return length > MaxBodyBytes ? ([], Problems.PayloadTooLarge(MaxBodyBytes)) : (decoded[..length], null);
        }

        if (body.Length > MaxBodyBytes)
        {
            return ([], Problems.PayloadTooLarge(MaxBodyBytes));
        }

        try
        {
            var bytes = StrictUtf8.GetBytes(body);
            return bytes.Length > MaxBodyBytes ? ([], Problems.PayloadTooLarge(MaxBodyBytes)) : (bytes, null);
        }
        catch (EncoderFallbackException)
        {
            return ([], MalformedBody(RequestErrorCodes.BodyInvalidUtf8, "The body is not valid UTF-8."));
        }
    }

    private static ReadResult ParseBody(ReadOnlySpan<byte> bytes)
    {
        // RFC 8259 lets a parser ignore a byte order mark, and some clients send one.
        if (bytes.StartsWith(Encoding.UTF8.Preamble))
        {
            bytes = bytes[Encoding.UTF8.Preamble.Length..];
        }

        if (!Utf8.IsValid(bytes))
        {
            return MalformedBody(RequestErrorCodes.BodyInvalidUtf8, "The body is not valid UTF-8.");
        }

        var trimmed = bytes.TrimStart(" \t\r\n"u8);
        if (trimmed.IsEmpty)
        {
            return MalformedBody(RequestErrorCodes.BodyEmpty, "The body is empty. Send a JSON object with username, email and password.");
        }

        if (trimmed[0] != (byte)'{')
        {
            return MalformedBody(RequestErrorCodes.BodyNotObject, "The body must be a JSON object with username, email and password.");
        }

        CreateUserBody? body;
        try
        {
            body = JsonSerializer.Deserialize(bytes, FunctionJsonContext.Default.CreateUserBody);
        }
        catch (JsonException exception)
        {
            return DescribeInvalidJson(bytes, exception);
        }

        return body is null
            ? MalformedBody(RequestErrorCodes.BodyNotObject, "The body must be a JSON object with username, email and password.")
            : ReadFields(body);
    }

    private static ReadResult ReadFields(CreateUserBody body)
    {
        var errors = new List<FieldError>();
        var username = ReadString(FieldNames.Username, body.Username, errors);
        var email = ReadString(FieldNames.Email, body.Email, errors);
        var password = ReadString(FieldNames.Password, body.Password, errors);

        var present = new Dictionary<string, JsonElement>(StringComparer.Ordinal)
        {
            [FieldNames.Username] = body.Username,
            [FieldNames.Email] = body.Email,
            [FieldNames.Password] = body.Password,
        };
        var unknownCount = 0;
        foreach (var name in (body.OtherMembers ?? []).Keys)
        {
            var known = Array.Find(KnownFields, field => string.Equals(field, name, StringComparison.OrdinalIgnoreCase));
            if (known is not null && present[known].ValueKind != JsonValueKind.Undefined)
            {
                errors.Add(new FieldError(
                    known, RequestErrorCodes.FieldDuplicate, $"The field appears twice, as \"{known}\" and \"{name}\". Send it once."));
            }
            else if (known is not null)
            {
                errors.Add(new FieldError(
                    Problems.BodyKey,
                    RequestErrorCodes.FieldUnknown,
                    $"Field names are case-sensitive. Rename \"{name}\" to \"{known}\"."));
            }
            else if (++unknownCount <= MaxReportedUnknownFields)
            {
                // Unknown names go under the body key, so that a member named like a map key cannot pose as one.
                errors.Add(new FieldError(
                    Problems.BodyKey,
                    RequestErrorCodes.FieldUnknown,
                    $"The field \"{Shorten(name)}\" is not accepted. Send only username, email and password."));
            }
        }

        if (errors.Count > 0)
        {
            return Problems.MalformedBody("The body does not have the expected fields. See errors for each field.", errors);
        }

        return new RegistrationInput(username!, email!, password!);
    }

    /// <summary>Cuts a member name to <see cref="MaxReportedNameLength"/> characters without splitting a surrogate pair.</summary>
    private static string Shorten(string name)
    {
        if (name.Length <= MaxReportedNameLength)
        {
            return name;
        }

        var length = char.IsHighSurrogate(name[MaxReportedNameLength - 1]) ? MaxReportedNameLength - 1 : MaxReportedNameLength;
        return name[..length] + "…";
    }

    private static string? ReadString(string field, JsonElement value, List<FieldError> errors)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Undefined:
                errors.Add(new FieldError(field, RequestErrorCodes.FieldMissing, $"The field \"{field}\" is required."));
                return null;
            case JsonValueKind.Null:
                errors.Add(new FieldError(field, RequestErrorCodes.FieldNull, $"The field \"{field}\" must be a string, not null."));
                return null;
            case JsonValueKind.String:
                break;
            default:
                errors.Add(new FieldError(
                    field, RequestErrorCodes.FieldNotString, $"The field \"{field}\" must be a string, not {Describe(value.ValueKind)}."));
                return null;
        }

        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            // The JSON escapes a lone UTF-16 surrogate (such as "\ud800"), which no Unicode text contains.
            errors.Add(new FieldError(field, RequestErrorCodes.FieldInvalidUnicode, "The value contains an unpaired surrogate escape."));
            return null;
        }
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Array => "an array",
        _ => "an object",
    };

    private static ApiProblem DescribeInvalidJson(ReadOnlySpan<byte> bytes, JsonException exception)
    {
        if (FindDuplicateMember(bytes) is { } duplicate)
        {
            return duplicate.AtTopLevel && Array.IndexOf(KnownFields, duplicate.Name) >= 0
                ? Problems.MalformedBody(
                    "A field appears more than once.",
                    [new FieldError(duplicate.Name, RequestErrorCodes.FieldDuplicate, "The field appears more than once. Send it once.")])
                : MalformedBody(RequestErrorCodes.BodyDuplicateKey, "A JSON object in the body has the same member name twice.");
        }

        var line = (exception.LineNumber ?? 0) + 1;
        var position = (exception.BytePositionInLine ?? 0) + 1;
        return MalformedBody(
            RequestErrorCodes.BodyInvalidJson,
            $"The body is not valid JSON (line {line}, byte {position}). Send a JSON object.");
    }

    /// <summary>Finds the first member name that repeats within one object, or null when there is none.</summary>
    private static (string Name, bool AtTopLevel)? FindDuplicateMember(ReadOnlySpan<byte> bytes)
    {
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { MaxDepth = 16 });
        var names = new Stack<HashSet<string>>();
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                        names.Push(new HashSet<string>(StringComparer.Ordinal));
                        break;
                    case JsonTokenType.EndObject:
                        names.Pop();
                        break;
                    case JsonTokenType.PropertyName:
                        var name = reader.GetString()!;
                        if (!names.Peek().Add(name))
                        {
                            return (name, names.Count == 1);
                        }

                        break;
                }
            }
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            // The body is invalid in some other way, which the caller reports.
        }

        return null;
    }

    private static ApiProblem MalformedBody(string code, string message) =>
        Problems.MalformedBody(message, [new FieldError(Problems.BodyKey, code, message)]);
}

/// <summary>The outcome of <see cref="CreateUserRequestReader.Read"/>: the input, or the problem to respond with.</summary>
internal readonly struct ReadResult
{
    private ReadResult(RegistrationInput? input, ApiProblem? problem)
    {
        Input = input;
        Problem = problem;
    }

    public RegistrationInput? Input { get; }

    public ApiProblem? Problem { get; }

    public static implicit operator ReadResult(RegistrationInput input) => new(input, null);

    public static implicit operator ReadResult(ApiProblem problem) => new(null, problem);
}
