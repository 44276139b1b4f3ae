using System.Globalization;
using System.Text.Json.Nodes;
using Signup.EndToEnd.Tests.Support;

namespace Signup.EndToEnd.Tests.Http;

/// <summary><c>POST /createUser</c> through the gateway, the function's processes and DynamoDB Local.</summary>
[Trait("Category", "Integration")]
public sealed class CreateUserTests(StackFixture stack)
{
    private const string ValidPassword = "amber kettle river lantern";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CreateUser_ValidValues_Returns200WithUser()
    {
        var user = TestUser.Create();
        var before = DateTimeOffset.UtcNow;

        using var response = await stack.RegisterAsync(user, Token);

        Assert.Equal(200, response.Status);
        Assert.Equal("application/json", response.MediaType);
        var body = response.Json;
        Assert.Equal(user.Username, body.GetProperty("username").GetString());
        Assert.Equal(user.Email, body.GetProperty("email").GetString());
        Assert.Equal(7, Guid.Parse(body.GetProperty("userId").GetString()!).Version);
        var createdAt = DateTimeOffset.Parse(body.GetProperty("createdAt").GetString()!, CultureInfo.InvariantCulture);
        Assert.InRange(createdAt, before.AddSeconds(-5), DateTimeOffset.UtcNow.AddSeconds(5));
        Assert.False(body.TryGetProperty("password", out _));
        Assert.False(body.TryGetProperty("passwordHash", out _));
    }

    [Fact]
    public async Task CreateUser_ValidValues_StoresArgon2idHash()
    {
        var user = TestUser.Create();

        using var response = await stack.RegisterAsync(user, Token);

        Assert.Equal(200, response.Status);
        var userId = response.Json.GetProperty("userId").GetString();
        var items = await stack.ScanUsersTableAsync(Token);
        var stored = Assert.Single(items, item => item["pk"].S == "USER#" + userId);
        Assert.Equal(user.Username, stored["username"].S);
        Assert.Equal(user.Email, stored["email"].S);
        Assert.StartsWith("$argon2id$", stored["passwordHash"].S, StringComparison.Ordinal);
        Assert.DoesNotContain(user.Password, stored["passwordHash"].S, StringComparison.Ordinal);
        Assert.Single(items, item => item["pk"].S.StartsWith("USERNAME#", StringComparison.Ordinal) && item["userId"].S == userId);
        Assert.Single(items, item => item["pk"].S.StartsWith("EMAIL#", StringComparison.Ordinal) && item["userId"].S == userId);
    }

    [Theory]
    [InlineData("username")]
    [InlineData("email")]
    [InlineData("both")]
    public async Task CreateUser_Duplicate_Returns409NamingField(string takenField)
    {
        var first = TestUser.Create();
        using var created = await stack.RegisterAsync(first, Token);
        Assert.Equal(200, created.Status);
        var other = TestUser.Create();
        var second = takenField switch
        {
            "username" => other with { Username = first.Username },
            "email" => other with { Email = first.Email },
            _ => other with { Username = first.Username, Email = first.Email },
        };

        using var response = await stack.RegisterAsync(second, Token);

        Assert.Equal(409, response.Status);
        Assert.Equal("application/problem+json", response.MediaType);
        Assert.Equal("/problems/already-registered", response.Json.GetProperty("type").GetString());
        Assert.Equal(
            takenField is "username" or "both" ? ["username_taken"] : [],
            response.ErrorCodes("username"));
        Assert.Equal(
            takenField is "email" or "both" ? ["email_taken"] : [],
            response.ErrorCodes("email"));
        Assert.Empty(response.ErrorCodes("password"));
    }

    [Theory]
    [InlineData("upper case", "E2E-", "@EXAMPLE.COM")]
    [InlineData("fullwidth", "ｅ２ｅ-", "@example.com")]
    public async Task CreateUser_SameKeyDifferentSpelling_Returns409(string variant, string usernamePrefix, string emailDomain)
    {
        var first = TestUser.Create();
        using var created = await stack.RegisterAsync(first, Token);
        Assert.Equal(200, created.Status);
        var local = first.Email[..first.Email.IndexOf('@', StringComparison.Ordinal)];
        var second = new TestUser(
            usernamePrefix + first.Username["e2e-".Length..],
            local.ToUpperInvariant() + emailDomain,
            first.Password);

        using var response = await stack.RegisterAsync(second, Token);

        Assert.True(response.Status == 409, $"{variant}: {response}");
        Assert.Equal(["username_taken"], response.ErrorCodes("username"));
        Assert.Equal(["email_taken"], response.ErrorCodes("email"));
    }

    [Theory]
    [MemberData(nameof(InvalidRegistrations))]
    public async Task CreateUser_InvalidValues_Returns400WithEveryBadField(
        string username, string email, string password, string[] expectedFields, string[] expectedCodes)
    {
        var body = new JsonObject { ["username"] = username, ["email"] = email, ["password"] = password }.ToJsonString();

        using var response = await stack.PostCreateUserAsync(body, Token);

        Assert.Equal(400, response.Status);
        Assert.Equal("application/problem+json", response.MediaType);
        Assert.Equal("/problems/validation-failed", response.Json.GetProperty("type").GetString());
        var fields = response.Json.GetProperty("errors").EnumerateObject().Select(field => field.Name).Order().ToArray();
        Assert.Equal(expectedFields.Order().ToArray(), fields);
        var codes = fields.SelectMany(response.ErrorCodes).ToHashSet();
        Assert.All(expectedCodes, code => Assert.Contains(code, codes));
    }

    // A rejected registration stores nothing, so these values need not be unique.
    public static TheoryData<string, string, string, string[], string[]> InvalidRegistrations() => new()
    {
        { "ab", "not-an-email", "short", ["username", "email", "password"], ["username_too_short", "email_invalid_format", "password_too_short"] },
        { "", "", "", ["username", "email", "password"], ["username_required", "email_required", "password_required"] },
        { "-ann.lee", "ann@example.com", ValidPassword, ["username"], ["username_separator_at_edge"] },
        { "ann.lee\u0430", "ann@example.com", ValidPassword, ["username"], ["username_mixed_scripts"] },
        { "ann.lee", "ann@localhost", ValidPassword, ["email"], ["email_invalid_domain"] },
        { "ann.lee", "ann@example.com", "password1234", ["password"], ["password_too_common"] },
        { "ann.lee", "ann@example.com", "my ann.lee secret", ["password"], ["password_contains_username"] },
    };

    [Theory]
    [InlineData("{\"username\":", "body_invalid_json")]
    [InlineData("[1,2,3]", "body_not_object")]
    [InlineData("{\"username\":\"e2e-abc\",\"email\":\"e2e@example.com\"}", "field_missing")]
    public async Task CreateUser_MalformedBody_Returns400(string body, string expectedCode)
    {
        using var response = await stack.PostCreateUserAsync(body, Token);

        Assert.Equal(400, response.Status);
        Assert.Equal("/problems/malformed-body", response.Json.GetProperty("type").GetString());
        var codes = response.Json.GetProperty("errors").EnumerateObject()
            .SelectMany(field => field.Value.EnumerateArray().Select(error => error.GetProperty("code").GetString()));
        Assert.Contains(expectedCode, codes);
    }

    [Fact]
    public async Task CreateUser_TextPlain_Returns415()
    {
        using var response = await stack.PostCreateUserAsync(TestUser.Create().ToJson(), Token, "text/plain");

        Assert.Equal(415, response.Status);
        Assert.Equal("application/problem+json", response.MediaType);
        Assert.Equal("/problems/unsupported-media-type", response.Json.GetProperty("type").GetString());
        Assert.Equal(["content_type_unsupported"], response.ErrorCodes("body"));
    }

    [Fact]
    public async Task CreateUser_17KiBBody_Returns413()
    {
        var user = TestUser.Create();
        var body = new JsonObject
        {
            ["username"] = user.Username,
            ["email"] = user.Email,
            ["password"] = new string('x', 17 * 1024),
        }.ToJsonString();

        using var response = await stack.PostCreateUserAsync(body, Token);

        Assert.Equal(413, response.Status);
        Assert.Equal("application/problem+json", response.MediaType);
        Assert.Equal("/problems/payload-too-large", response.Json.GetProperty("type").GetString());
        Assert.Equal(["body_too_large"], response.ErrorCodes("body"));
        using var retry = await stack.RegisterAsync(user, Token);
        Assert.Equal(200, retry.Status);
    }

    [Fact]
    public async Task CreateUser_ProblemBody_RepeatsRequestIdHeader()
    {
        using var response = await stack.PostCreateUserAsync("{}", Token);

        Assert.Equal(400, response.Status);
        Assert.Equal(response.RequestId, response.Json.GetProperty("requestId").GetString());
    }
}
