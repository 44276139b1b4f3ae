using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using CsCheck;
using Signup.Core;
using Signup.Function.Http;
using Signup.Testing;

namespace Signup.Function.Tests;

/// <summary>
/// The request reader over generated hostile requests: it never throws, and returns either input that is exactly the
/// body's three strings, or a 400, 413 or 415 problem with errors.
/// </summary>
public class CreateUserRequestReaderPropertyTests
{
    private const int Iterations = 100_000;

    private static readonly Gen<string?> ContentType = Gen.Frequency(
        (8, Gen.Const<string?>("application/json")),
        (1, Gen.OneOf<string?>(null, "", "text/plain", "application/json; charset=utf-16", "APPLICATION/JSON;x=\"",
            "application/json, text/plain", "application/problem+json", ";", "application/json;;;")),
        (1, HostileText.String.Select(text => (string?)text)));

    private static readonly Gen<FunctionRequest> Request = Gen.Select(
        HostileText.Body,
        ContentType,
        Gen.Int[0, 9],
        (body, contentType, encoding) =>
        {
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            if (contentType is not null)
            {
                headers["content-type"] = contentType;
            }

            // One request in ten arrives base64-encoded, as API Gateway sends a body it treats as binary.
            return encoding == 0
                ? new FunctionRequest("POST", headers, ToBase64(body), true, "req")
                : new FunctionRequest("POST", headers, body, false, "req");
        });

    [Fact]
    public void Read_HostileRequests_InputOrProblem()
    {
        var outcomes = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);

        Request.Sample(
            request =>
            {
                var result = CreateUserRequestReader.Read(request);

                outcomes.AddOrUpdate(result.Problem?.Status.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "input", 1, (_, count) => count + 1);
                Assert.True((result.Input is null) != (result.Problem is null), "The result must hold input or a problem.");
                if (result.Problem is { } problem)
                {
                    Assert.Contains(problem.Status, new[] { 400, 413, 415 });
                    Assert.NotNull(problem.Errors);
                    Assert.NotEmpty(problem.Errors);
                }
                else
                {
                    AssertInputIsBody(request, result.Input!);
                }
            },
            iter: Iterations);

        TestFigures.Write(nameof(Read_HostileRequests_InputOrProblem), new { inputsTried = Iterations, outcomes });
        Assert.Equal(Iterations, outcomes.Values.Sum());
    }

    [Fact]
    public void Read_AnyThreeStrings_RoundTrip()
    {
        var accepted = 0;
        Gen.Select(HostileText.String, HostileText.String, HostileText.String).Sample(
            (username, email, password) =>
            {
                var body = HostileText.Object(username, email, password);
                var result = CreateUserRequestReader.Read(Json(body));
                var hasLoneSurrogate = new[] { username, email, password }.Any(HasLoneSurrogate);
                var fits = Encoding.UTF8.GetByteCount(body) <= CreateUserRequestReader.MaxBodyBytes;

                if (!hasLoneSurrogate && fits)
                {
                    Interlocked.Increment(ref accepted);
                    Assert.Equal(new RegistrationInput(username, email, password), result.Input);
                }
                else
                {
                    Assert.Equal(fits ? 400 : 413, result.Problem?.Status);
                }
            },
            iter: Iterations);

        TestFigures.Write(nameof(Read_AnyThreeStrings_RoundTrip), new { inputsTried = Iterations, accepted });
        Assert.InRange(accepted, 1, Iterations);
    }

    // The reader accepted the body, so it must be a JSON object whose only members are the three fields, as strings.
    private static void AssertInputIsBody(FunctionRequest request, RegistrationInput input)
    {
        var bytes = request.IsBase64Encoded ? Convert.FromBase64String(request.Body!) : Encoding.UTF8.GetBytes(request.Body!);
        var start = bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble) ? Encoding.UTF8.Preamble.Length : 0;
        using var document = JsonDocument.Parse(bytes.AsMemory(start));
        var members = document.RootElement.EnumerateObject().ToList();
        Assert.Equal(3, members.Count);
        Assert.Equal(input.Username, document.RootElement.GetProperty(FieldNames.Username).GetString());
        Assert.Equal(input.Email, document.RootElement.GetProperty(FieldNames.Email).GetString());
        Assert.Equal(input.Password, document.RootElement.GetProperty(FieldNames.Password).GetString());
    }

    private static bool HasLoneSurrogate(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return true;
            }
        }

        return false;
    }

    private static FunctionRequest Json(string body) => new(
        "POST",
        new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["content-type"] = "application/json" },
        body,
        false,
        "req");

    // Lone surrogates become U+FFFD here, which the reader then sees as ordinary text.
    private static string ToBase64(string body) => Convert.ToBase64String(Encoding.UTF8.GetBytes(body));
}
