using System.Globalization;
using System.Text;
using Signup.EndToEnd.Tests.Support;

namespace Signup.EndToEnd.Tests.Http;

/// <summary>What the gateway adds around the function: CORS, routing, request ids.</summary>
[Trait("Category", "Integration")]
public sealed class GatewayTests(StackFixture stack)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private string LocalhostOrigin => string.Create(CultureInfo.InvariantCulture, $"http://localhost:{stack.Stack.Port}");

    [Fact]
    public async Task Preflight_LocalhostOrigin_AllowsPost()
    {
        using var response = await PreflightAsync(LocalhostOrigin);

        Assert.Equal(204, response.Status);
        Assert.Equal(LocalhostOrigin, response.Header("Access-Control-Allow-Origin"));
        Assert.Contains("POST", Split(response.Header("Access-Control-Allow-Methods")));
        Assert.Contains("content-type", Split(response.Header("Access-Control-Allow-Headers")));
        Assert.Contains("idempotency-key", Split(response.Header("Access-Control-Allow-Headers")));
        Assert.Equal("600", response.Header("Access-Control-Max-Age"));
        Assert.Contains("Origin", Split(response.Header("Vary")));
    }

    [Fact]
    public async Task Preflight_PageOrigin_AllowsPost()
    {
        using var response = await PreflightAsync(stack.PageOrigin);

        Assert.Equal(204, response.Status);
        Assert.Equal(stack.PageOrigin, response.Header("Access-Control-Allow-Origin"));
    }

    [Theory]
    [InlineData("https://evil.example")]
    [InlineData("http://localhost:1")]
    [InlineData("null")]
    public async Task Preflight_DisallowedOrigin_GetsNoAllowOrigin(string origin)
    {
        using var response = await PreflightAsync(origin);

        Assert.Equal(204, response.Status);
        Assert.Null(response.Header("Access-Control-Allow-Origin"));
        Assert.Null(response.Header("Access-Control-Allow-Methods"));
    }

    [Fact]
    public async Task Post_LocalhostOrigin_ExposesRequestId()
    {
        using var request = CreateUserRequest("{}");
        request.Headers.Add("Origin", LocalhostOrigin);

        using var response = await stack.SendAsync(request, Token);

        Assert.Equal(400, response.Status);
        Assert.Equal(LocalhostOrigin, response.Header("Access-Control-Allow-Origin"));
        Assert.Contains("apigw-requestid", Split(response.Header("Access-Control-Expose-Headers")));
    }

    [Fact]
    public async Task Post_DisallowedOrigin_GetsNoAllowOrigin()
    {
        using var request = CreateUserRequest("{}");
        request.Headers.Add("Origin", "https://evil.example");

        using var response = await stack.SendAsync(request, Token);

        Assert.Equal(400, response.Status);
        Assert.Null(response.Header("Access-Control-Allow-Origin"));
        Assert.Null(response.Header("Access-Control-Expose-Headers"));
    }

    [Theory]
    [InlineData("GET", "/no-such-route")]
    [InlineData("POST", "/no-such-route")]
    [InlineData("POST", "/createUser/extra")]
    [InlineData("POST", "/createuser")]
    public async Task UnknownRoute_Returns404Message(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);

        using var response = await stack.SendAsync(request, Token);

        Assert.Equal(404, response.Status);
        Assert.Equal("application/json", response.MediaType);
        Assert.Equal("""{"message":"Not Found"}""", response.Body);
    }

    [Fact]
    public async Task EveryResponse_HasItsOwnRequestId()
    {
        var user = TestUser.Create();
        var requests = new List<HttpRequestMessage>
        {
            CreateUserRequest(user.ToJson()),
            CreateUserRequest(user.ToJson()),
            CreateUserRequest("{}"),
            CreateUserRequest("{}", "text/plain"),
            new(HttpMethod.Get, "/no-such-route"),
            new(HttpMethod.Options, "/createUser")
            {
                Headers = { { "Origin", LocalhostOrigin }, { "Access-Control-Request-Method", "POST" } },
            },
        };
        var statuses = new List<int>();
        var requestIds = new List<string?>();

        foreach (var request in requests)
        {
            using (request)
            using (var response = await stack.SendAsync(request, Token))
            {
                statuses.Add(response.Status);
                requestIds.Add(response.RequestId);
            }
        }

        Assert.Equal([200, 409, 400, 415, 404, 204], statuses);
        Assert.All(requestIds, id => Assert.False(string.IsNullOrEmpty(id)));
        Assert.Equal(requestIds.Count, requestIds.Distinct().Count());
    }

    [Fact]
    public async Task Page_HasRequestId()
    {
        // The page is no part of the API description, so it is fetched without the contract check.
        using var response = await stack.Client.GetAsync("/", Token);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.False(string.IsNullOrEmpty(response.Headers.GetValues("apigw-requestid").Single()));
    }

    private static HttpRequestMessage CreateUserRequest(string body, string contentType = "application/json") =>
        new(HttpMethod.Post, "/createUser") { Content = new StringContent(body, Encoding.UTF8, contentType) };

    private static string[] Split(string? header) =>
        header?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) ?? [];

    private Task<ApiResponse> PreflightAsync(string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "/createUser");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "content-type,idempotency-key");
        return stack.SendAsync(request, Token);
    }
}
