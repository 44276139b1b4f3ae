using System.Net;
using System.Text;
using Signup.EndToEnd.Tests.Support;
using Xunit.Sdk;

namespace Signup.EndToEnd.Tests.Http;

/// <summary>The contract check itself: it must reject what the document does not describe.</summary>
public sealed class OpenApiContractTests
{
    private const string CreatedUser =
        """{"userId":"01890a5d-ac96-774b-bcce-b302099a8057","username":"ann.lee","email":"ann@example.com","createdAt":"2025-01-02T03:04:05.678Z"}""";

    private const string Conflict =
        """{"type":"/problems/already-registered","title":"t","status":409,"detail":"d","requestId":"r","errors":{"username":[{"code":"username_taken","message":"m"}]}}""";

    [Theory]
    [InlineData(200, "application/json", CreatedUser)]
    [InlineData(409, "application/problem+json", Conflict)]
    [InlineData(500, "application/json", """{"message":"Internal Server Error"}""")]
    public void AssertMatches_DocumentedResponse_Passes(int status, string mediaType, string body)
    {
        using var response = Response(status, mediaType, body);

        OpenApiContract.AssertMatches(response, body);
    }

    [Theory]
    [InlineData(201, "application/json", CreatedUser)]
    [InlineData(200, "text/html", CreatedUser)]
    [InlineData(409, "application/json", Conflict)]
    [InlineData(200, "application/json", """{"username":"ann.lee","email":"ann@example.com","createdAt":"2025-01-02T03:04:05.678Z"}""")]
    [InlineData(200, "application/json", """{"userId":"not-a-uuid","username":"a","email":"b","createdAt":"2025-01-02T03:04:05.678Z"}""")]
    [InlineData(409, "application/problem+json", """{"type":"/problems/already-registered","title":"t","status":409,"detail":"d","requestId":"r"}""")]
    [InlineData(409, "application/problem+json", """{"type":"/problems/other","title":"t","status":409,"detail":"d","requestId":"r","errors":{"username":[{"code":"username_taken","message":"m"}]}}""")]
    [InlineData(400, "application/problem+json", """{"type":"/problems/validation-failed","title":"t","status":400,"detail":"d","requestId":"r","errors":{"username":[{"code":"no_such_code","message":"m"}]}}""")]
    [InlineData(500, "application/json", """{"message":"Oops"}""")]
    [InlineData(200, "application/json", "not json")]
    public void AssertMatches_UndocumentedResponse_Fails(int status, string mediaType, string body)
    {
        using var response = Response(status, mediaType, body);

        Assert.ThrowsAny<XunitException>(() => OpenApiContract.AssertMatches(response, body));
    }

    [Fact]
    public void AssertMatches_UnknownPathOtherThan404_Fails()
    {
        const string Body = """{"message":"Not Found"}""";
        using var response = Response(400, "application/json", Body, "/elsewhere");

        Assert.ThrowsAny<XunitException>(() => OpenApiContract.AssertMatches(response, Body));
    }

    private static HttpResponseMessage Response(int status, string mediaType, string body, string path = "/createUser") =>
        new((HttpStatusCode)status)
        {
            RequestMessage = new HttpRequestMessage(HttpMethod.Post, new Uri("http://127.0.0.1:1" + path)),
            Content = new StringContent(body, Encoding.UTF8, mediaType),
        };
}
