using System.Text;
using Signup.Core;
using Signup.Function.Http;

namespace Signup.Function.Tests;

public class CreateUserRequestReaderTests
{
    private const string ValidBody = """{"username":"ann","email":"ann@example.com","password":"correct horse battery"}""";

    [Fact]
    public void Read_ValidBody_ReturnsFieldsAsSent()
    {
        var result = CreateUserRequestReader.Read(Request(ValidBody));

        Assert.Null(result.Problem);
        Assert.Equal(new RegistrationInput("ann", "ann@example.com", "correct horse battery"), result.Input);
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("Application/JSON")]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("application/json;charset=UTF-8")]
    [InlineData("application/json; charset=iso-8859-1")]
    public void Read_JsonMediaType_IsAccepted(string contentType)
    {
        var result = CreateUserRequestReader.Read(Request(ValidBody, contentType));

        Assert.Null(result.Problem);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/merge-patch+json")]
    [InlineData("text/json")]
    [InlineData("application/jsonx")]
    [InlineData("json")]
    public void Read_OtherMediaType_Is415(string? contentType)
    {
        var result = CreateUserRequestReader.Read(Request(ValidBody, contentType));

        Assert.Equal(415, result.Problem?.Status);
    }

    [Fact]
    public void Read_HeaderNameInAnyCase_IsFound()
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Content-TYPE"] = "application/json" };
        var result = CreateUserRequestReader.Read(new FunctionRequest("POST", headers, ValidBody, false, "req"));

        Assert.Null(result.Problem);
    }

    [Fact]
    public void Read_BodyAtLimit_IsAccepted()
    {
        var padding = new string(' ', CreateUserRequestReader.MaxBodyBytes - Encoding.UTF8.GetByteCount(ValidBody));
        var result = CreateUserRequestReader.Read(Request(ValidBody + padding));

        Assert.Null(result.Problem);
    }

    [Fact]
    public void Read_BodyOverLimit_Is413()
    {
        var padding = new string(' ', CreateUserRequestReader.MaxBodyBytes + 1 - Encoding.UTF8.GetByteCount(ValidBody));
        var result = CreateUserRequestReader.Read(Request(ValidBody + padding));

        Assert.Equal(413, result.Problem?.Status);
    }

    [Fact]
    public void Read_MultiByteBodyOverLimit_Is413()
    {
        // 6,000 three-byte characters are 18,000 bytes, over the limit though under it in UTF-16 units.
        var body = $$"""{"username":"{{new string('€', 6000)}}","email":"a@b.cd","password":"x"}""";
        var result = CreateUserRequestReader.Read(Request(body));

        Assert.Equal(413, result.Problem?.Status);
    }

    [Fact]
    public void Read_Base64Body_IsDecoded()
    {
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes(ValidBody));
        var result = CreateUserRequestReader.Read(Request(encoded, isBase64: true));

        Assert.Equal("ann", result.Input?.Username);
    }

    [Fact]
    public void Read_Base64BodyOverLimit_Is413()
    {
        var encoded = Convert.ToBase64String(new byte[CreateUserRequestReader.MaxBodyBytes + 1]);
        var result = CreateUserRequestReader.Read(Request(encoded, isBase64: true));

        Assert.Equal(413, result.Problem?.Status);
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("eyJ1c2VybmFtZSI6")]
    [InlineData("e")]
    public void Read_InvalidBase64_Is400(string encoded)
    {
        var result = CreateUserRequestReader.Read(Request(encoded, isBase64: true));

        AssertBodyError(result, encoded == "eyJ1c2VybmFtZSI6" ? "body_invalid_json" : "body_invalid_base64");
    }

    [Theory]
    [InlineData(new byte[] { 0x7B, 0x22, 0xFF, 0x22, 0x3A, 0x31, 0x7D })] // 0xFF never occurs in UTF-8
    [InlineData(new byte[] { 0x7B, 0x22, 0xC3, 0x22, 0x3A, 0x31, 0x7D })] // truncated two-byte sequence
    [InlineData(new byte[] { 0x7B, 0x22, 0xED, 0xA0, 0x80, 0x22, 0x3A, 0x31, 0x7D })] // encoded surrogate U+D800
    [InlineData(new byte[] { 0x7B, 0x22, 0xC0, 0xAF, 0x22, 0x3A, 0x31, 0x7D })] // overlong encoding of '/'
    public void Read_InvalidUtf8_Is400(byte[] body)
    {
        var result = CreateUserRequestReader.Read(Request(Convert.ToBase64String(body), isBase64: true));

        AssertBodyError(result, "body_invalid_utf8");
    }

    [Fact]
    public void Read_LoneSurrogateInTextBody_Is400()
    {
        var result = CreateUserRequestReader.Read(Request("{\"username\":\"\ud800\"}"));

        AssertBodyError(result, "body_invalid_utf8");
    }

    [Fact]
    public void Read_EscapedLoneSurrogate_IsFieldError()
    {
        var body = """{"username":"\ud800x","email":"a@b.cd","password":"correct horse battery"}""";
        var result = CreateUserRequestReader.Read(Request(body));

        AssertFieldError(result, FieldNames.Username, "field_invalid_unicode");
    }

    [Fact]
    public void Read_EscapedSurrogatePair_IsAccepted()
    {
        var body = """{"username":"ann","email":"a@b.cd","password":"\ud83d\ude00 correct horse"}""";
        var result = CreateUserRequestReader.Read(Request(body));

        Assert.Equal("😀 correct horse", result.Input?.Password);
    }

    [Fact]
    public void Read_ByteOrderMark_IsIgnored()
    {
        var bytes = Encoding.UTF8.Preamble.ToArray().Concat(Encoding.UTF8.GetBytes(ValidBody)).ToArray();
        var result = CreateUserRequestReader.Read(Request(Convert.ToBase64String(bytes), isBase64: true));

        Assert.Null(result.Problem);
    }

    [Theory]
    [InlineData("", "body_empty")]
    [InlineData("   \n", "body_empty")]
    [InlineData("null", "body_not_object")]
    [InlineData("[]", "body_not_object")]
    [InlineData("\"ann\"", "body_not_object")]
    [InlineData("42", "body_not_object")]
    [InlineData("{", "body_invalid_json")]
    [InlineData("{\"username\":\"ann\",}", "body_invalid_json")]
    [InlineData("{\"username\":'ann'}", "body_invalid_json")]
    [InlineData("{} {}", "body_invalid_json")]
    [InlineData("{\"username\":\"ann\"} x", "body_invalid_json")]
    [InlineData("{/* comment */}", "body_invalid_json")]
    public void Read_NotAJsonObject_Is400(string body, string code)
    {
        var result = CreateUserRequestReader.Read(Request(body));

        AssertBodyError(result, code);
    }

    [Fact]
    public void Read_MissingBody_Is400()
    {
        var result = CreateUserRequestReader.Read(Request(null));

        AssertBodyError(result, "body_empty");
    }

    [Fact]
    public void Read_DeeplyNestedValue_Is400()
    {
        var body = "{\"username\":" + new string('[', 100) + new string(']', 100) + "}";
        var result = CreateUserRequestReader.Read(Request(body));

        AssertBodyError(result, "body_invalid_json");
    }

    [Fact]
    public void Read_EveryFieldMissing_ReportsAllThree()
    {
        var result = CreateUserRequestReader.Read(Request("{}"));

        AssertFieldError(result, FieldNames.Username, "field_missing");
        AssertFieldError(result, FieldNames.Email, "field_missing");
        AssertFieldError(result, FieldNames.Password, "field_missing");
    }

    [Fact]
    public void Read_NullAndWrongTypes_ReportsEachField()
    {
        var result = CreateUserRequestReader.Read(Request("""{"username":null,"email":42,"password":["x"]}"""));

        AssertFieldError(result, FieldNames.Username, "field_null");
        AssertFieldError(result, FieldNames.Email, "field_not_string");
        AssertFieldError(result, FieldNames.Password, "field_not_string");
    }

    [Theory]
    [InlineData("true")]
    [InlineData("{}")]
    [InlineData("1.5")]
    public void Read_NonStringUsername_Is400(string value)
    {
        var result = CreateUserRequestReader.Read(Request($$"""{"username":{{value}},"email":"a@b.cd","password":"correct horse battery"}"""));

        AssertFieldError(result, FieldNames.Username, "field_not_string");
    }

    [Fact]
    public void Read_DuplicateKey_Is400()
    {
        var body = """{"username":"ann","username":"bob","email":"a@b.cd","password":"correct horse battery"}""";
        var result = CreateUserRequestReader.Read(Request(body));

        AssertFieldError(result, FieldNames.Username, "field_duplicate");
    }

    [Theory]
    [InlineData("Username")]
    [InlineData("USERNAME")]
    [InlineData("userName")]
    public void Read_CaseVariantOfKnownKey_IsDuplicate(string variant)
    {
        var body = $$"""{"username":"ann","{{variant}}":"bob","email":"a@b.cd","password":"correct horse battery"}""";
        var result = CreateUserRequestReader.Read(Request(body));

        AssertFieldError(result, FieldNames.Username, "field_duplicate");
    }

    [Fact]
    public void Read_CaseVariantAlone_IsUnknownAndMissing()
    {
        var body = """{"Email":"a@b.cd","username":"ann","password":"correct horse battery"}""";
        var result = CreateUserRequestReader.Read(Request(body));

        AssertBodyError(result, "field_unknown");
        Assert.Contains("\"Email\"", result.Problem!.Errors![Problems.BodyKey][0].Message, StringComparison.Ordinal);
        AssertFieldError(result, FieldNames.Email, "field_missing");
    }

    [Fact]
    public void Read_DuplicateKeyInsideUnknownObject_Is400()
    {
        var body = """{"username":"ann","email":"a@b.cd","password":"correct horse battery","x":{"a":1,"a":2}}""";
        var result = CreateUserRequestReader.Read(Request(body));

        AssertBodyError(result, "body_duplicate_key");
    }

    [Fact]
    public void Read_UnknownField_Is400()
    {
        var body = """{"username":"ann","email":"a@b.cd","password":"correct horse battery","admin":true}""";
        var result = CreateUserRequestReader.Read(Request(body));

        AssertBodyError(result, "field_unknown");
        Assert.Contains("\"admin\"", result.Problem!.Errors![Problems.BodyKey][0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_UnknownFieldNamedBody_IsBodyError()
    {
        var body = """{"username":"ann","email":"a@b.cd","password":"correct horse battery","body":1}""";
        var result = CreateUserRequestReader.Read(Request(body));

        var error = Assert.Single(result.Problem!.Errors!);
        Assert.Equal(Problems.BodyKey, error.Key);
        Assert.Equal("field_unknown", Assert.Single(error.Value).Code);
    }

    [Fact]
    public void Read_LongUnknownName_IsCutBetweenCharacters()
    {
        var name = new string('a', 63) + "😀" + "tail";
        var body = $$"""{"username":"ann","email":"a@b.cd","password":"correct horse battery","{{name}}":1}""";
        var result = CreateUserRequestReader.Read(Request(body));

        var message = result.Problem!.Errors![Problems.BodyKey][0].Message;
        Assert.Contains(new string('a', 63) + "…", message, StringComparison.Ordinal);
        Assert.DoesNotContain('\uFFFD', message);
        Assert.False(char.IsHighSurrogate(message[message.IndexOf('…', StringComparison.Ordinal) - 1]));
    }

    [Fact]
    public void Read_ManyUnknownFields_ReportsAtMostTen()
    {
        var members = string.Join(",", Enumerable.Range(0, 50).Select(i => $"\"f{i}\":1"));
        var result = CreateUserRequestReader.Read(Request("{" + members + "}"));

        Assert.Equal(10, result.Problem!.Errors!.Values.SelectMany(e => e).Count(e => e.Code == "field_unknown"));
    }

    public static TheoryData<string, string> ValidIdempotencyKeys => new()
    {
        { "a", "a" },
        { new string('k', 128), new string('k', 128) },
        { "retry key 1", "retry key 1" },
        { " \tkey-7\t ", "key-7" },
        { "!~", "!~" },
        { "  " + new string('x', 128) + "\t", new string('x', 128) },
    };

    public static TheoryData<string> InvalidIdempotencyKeys => new()
    {
        "",
        " \t ",
        new string('k', 129),
        "tab\tinside",
        "del\u007f",
        "caf\u00e9",
        "emoji\ud83d\ude00",
        "nul\u0000",
        "line\nbreak",
        "bell\u0007",
    };

    [Theory]
    [MemberData(nameof(ValidIdempotencyKeys))]
    public void Read_ValidIdempotencyKey_IsTrimmedIntoInput(string header, string expected)
    {
        var result = CreateUserRequestReader.Read(Request(ValidBody, idempotencyKey: header));

        Assert.Null(result.Problem);
        Assert.Equal(expected, result.Input?.IdempotencyKey);
    }

    [Theory]
    [MemberData(nameof(InvalidIdempotencyKeys))]
    public void Read_InvalidIdempotencyKey_Is400(string header)
    {
        var result = CreateUserRequestReader.Read(Request(ValidBody, idempotencyKey: header));

        Assert.Null(result.Input);
        Assert.Equal(400, result.Problem?.Status);
        Assert.Equal("/problems/invalid-idempotency-key", result.Problem?.Type);
        AssertFieldError(result, Problems.IdempotencyKeyKey, RequestErrorCodes.IdempotencyKeyInvalid);
    }

    [Fact]
    public void Read_NoIdempotencyKey_LeavesItNull()
    {
        var result = CreateUserRequestReader.Read(Request(ValidBody));

        Assert.Null(result.Problem);
        Assert.Null(result.Input?.IdempotencyKey);
    }

    [Fact]
    public void Read_InvalidIdempotencyKeyAndBody_ReportsTheKey()
    {
        var result = CreateUserRequestReader.Read(Request("{", idempotencyKey: ""));

        Assert.Equal("/problems/invalid-idempotency-key", result.Problem?.Type);
    }

    [Fact]
    public void Read_IdempotencyKeyAndMalformedBody_ReportsTheBody()
    {
        var result = CreateUserRequestReader.Read(Request("{", idempotencyKey: "key-1"));

        AssertBodyError(result, RequestErrorCodes.BodyInvalidJson);
    }

    private static FunctionRequest Request(
        string? body,
        string? contentType = "application/json",
        bool isBase64 = false,
        string? idempotencyKey = null)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (contentType is not null)
        {
            headers["content-type"] = contentType;
        }

        if (idempotencyKey is not null)
        {
            headers["idempotency-key"] = idempotencyKey;
        }

        return new FunctionRequest("POST", headers, body, isBase64, "test-request");
    }

    private static void AssertBodyError(ReadResult result, string code) =>
        AssertFieldError(result, Problems.BodyKey, code);

    private static void AssertFieldError(ReadResult result, string field, string code)
    {
        Assert.Null(result.Input);
        var problem = Assert.IsType<ApiProblem>(result.Problem);
        Assert.Equal(400, problem.Status);
        Assert.NotNull(problem.Errors);
        Assert.True(problem.Errors.ContainsKey(field), $"no error for '{field}' in {problem.OutcomeCode}");
        Assert.Contains(problem.Errors[field], error => error.Code == code);
    }
}
