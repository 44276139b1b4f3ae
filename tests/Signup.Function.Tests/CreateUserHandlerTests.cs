using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Signup.Core;
using Signup.DynamoDb;
using Signup.Function.Http;
using Signup.Function.Logging;
using Signup.Testing;

namespace Signup.Function.Tests;

/// <summary>The handler in this process, with the real rules, hasher and a DynamoDB Local table.</summary>
[Trait("Category", "Integration")]
public sealed class CreateUserHandlerTests(DynamoDbLocalFixture dynamoDb) : IAsyncLifetime
{
    private readonly MemoryStream _log = new();
    private string _tableName = "";
    private CreateUserHandler? _handler;

    private CreateUserHandler Handler => _handler ?? throw new InvalidOperationException("Not initialized.");

    private string Logs => Encoding.UTF8.GetString(_log.ToArray());

    public async ValueTask InitializeAsync()
    {
        _tableName = await dynamoDb.CreateUsersTableAsync(TestContext.Current.CancellationToken);
        _handler = CreateHandler(new DynamoDbUserStore(dynamoDb.Client, _tableName));
    }

    public ValueTask DisposeAsync()
    {
        _log.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Handle_ValidRegistration_Returns200WithUser()
    {
        var response = await SendAsync(TestEvents.RegistrationBody("Ann.Lee", " ann.lee@Example.com ", "orange tractor galaxy"));

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("application/json", response.Headers["content-type"]);
        using var body = JsonDocument.Parse(response.Body);
        var root = body.RootElement;
        Assert.Equal(["userId", "username", "email", "createdAt"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("Ann.Lee", root.GetProperty("username").GetString());
        Assert.Equal("ann.lee@Example.com", root.GetProperty("email").GetString());
        Assert.Equal(7, Guid.Parse(root.GetProperty("userId").GetString()!).Version);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", root.GetProperty("createdAt").GetString());
        Assert.DoesNotContain("argon2", response.Body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("orange tractor galaxy", response.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Handle_ValidRegistration_StoresUserAndGuards()
    {
        var response = await SendAsync(TestEvents.RegistrationBody("Ｂｏｂ_Ray", "bob@Bücher.example", "quiet harbour lantern"));

        Assert.Equal(200, response.StatusCode);
        var items = await dynamoDb.ScanAsync(_tableName, TestContext.Current.CancellationToken);
        var user = Assert.Single(items, item => item["pk"].S.StartsWith("USER#", StringComparison.Ordinal));
        Assert.Equal("Ｂｏｂ_Ray", user["username"].S);
        Assert.Equal("bob_ray", user["usernameKey"].S);
        Assert.Equal("bob@xn--bcher-kva.example", user["emailKey"].S);
        Assert.StartsWith("$argon2id$v=19$m=19456,t=2,p=1$", user["passwordHash"].S, StringComparison.Ordinal);
        Assert.Contains(items, item => item["pk"].S == "USERNAME#bob_ray");
        Assert.Contains(items, item => item["pk"].S == "EMAIL#bob@xn--bcher-kva.example");
        Secrets.AssertAbsent(Logs, ["quiet harbour lantern"], ["bob@Bücher.example"], [user["passwordHash"].S]);
    }

    [Fact]
    public async Task Handle_SameUsernameAgain_Returns409ForUsername()
    {
        await SendAsync(TestEvents.RegistrationBody("carol", "carol@example.com", "velvet mountain echo"));

        var response = await SendAsync(TestEvents.RegistrationBody("CAROL", "carol2@example.com", "velvet mountain echo"));

        var problem = AssertProblem(response, 409, "/problems/already-registered");
        Assert.Equal(["username"], problem.GetProperty("errors").EnumerateObject().Select(p => p.Name));
        Assert.Equal("username_taken", problem.GetProperty("errors").GetProperty("username")[0].GetProperty("code").GetString());
    }

    [Fact]
    public async Task Handle_EquivalentEmail_Returns409()
    {
        await SendAsync(TestEvents.RegistrationBody("dave", "Dave@Bücher.example", "copper lantern river"));

        var response = await SendAsync(TestEvents.RegistrationBody("dave2", "dave@xn--bcher-kva.example", "copper lantern river"));

        var problem = AssertProblem(response, 409, "/problems/already-registered");
        Assert.Equal(["email"], problem.GetProperty("errors").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Handle_InvalidFields_Returns400()
    {
        var response = await SendAsync(TestEvents.RegistrationBody("a", "not-an-email", "tiny9pw"));

        var problem = AssertProblem(response, 400, "/problems/validation-failed");
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("username", out _));
        Assert.True(errors.TryGetProperty("email", out _));
        Assert.True(errors.TryGetProperty("password", out _));
        foreach (var field in errors.EnumerateObject())
        {
            foreach (var error in field.Value.EnumerateArray())
            {
                Assert.Matches("^[a-z0-9_]+$", error.GetProperty("code").GetString());
                Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
            }
        }

        Assert.Empty(await dynamoDb.ScanAsync(_tableName, TestContext.Current.CancellationToken));
        Assert.Contains("validation-failed:", Logs, StringComparison.Ordinal);
        Secrets.AssertAbsent(Logs, ["tiny9pw"], ["not-an-email"], []);
    }

    [Theory]
    [InlineData("text/plain", 415)]
    [InlineData("", 415)]
    public async Task Handle_WrongMediaType_ReturnsStatusAndStoresNothing(string contentType, int status)
    {
        var response = await Handler.HandleAsync(
            Request(TestEvents.RegistrationBody("erin", "erin@example.com", "paper kite orchard"), contentType),
            DateTimeOffset.UtcNow.AddSeconds(10),
            TestContext.Current.CancellationToken);

        AssertProblem(response, status, "/problems/unsupported-media-type");
        Assert.Empty(await dynamoDb.ScanAsync(_tableName, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Handle_GetRequest_Returns405()
    {
        var request = Request("{}") with { Method = "GET" };

        var response = await Handler.HandleAsync(request, DateTimeOffset.UtcNow.AddSeconds(10), TestContext.Current.CancellationToken);

        AssertProblem(response, 405, "/problems/method-not-allowed");
        Assert.Equal("POST", response.Headers["allow"]);
    }

    [Fact]
    public async Task Handle_StoreUnavailable_Returns503WithRetryAfter()
    {
        var handler = CreateHandler(new FixedOutcomeStore(new StoreOutcome.Unavailable(TimeSpan.FromMilliseconds(1500))));

        var response = await handler.HandleAsync(
            Request(TestEvents.RegistrationBody("frank", "frank@example.com", "silver meadow piano")),
            DateTimeOffset.UtcNow.AddSeconds(10),
            TestContext.Current.CancellationToken);

        AssertProblem(response, 503, "/problems/service-unavailable");
        Assert.Equal("2", response.Headers["retry-after"]);
    }

    [Fact]
    public async Task Handle_StoreFault_Returns500WithoutInternals()
    {
        var handler = CreateHandler(new ThrowingStore(new UserStoreException("table users-secret-name is missing")));

        var response = await handler.HandleAsync(
            Request(TestEvents.RegistrationBody("grace", "grace@example.com", "amber falcon window")),
            DateTimeOffset.UtcNow.AddSeconds(10),
            TestContext.Current.CancellationToken);

        var problem = AssertProblem(response, 500, "/problems/internal-error");
        Assert.Equal("req-under-test", problem.GetProperty("requestId").GetString());
        Assert.DoesNotContain("users-secret-name", response.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("UserStoreException", response.Body, StringComparison.Ordinal);
        Assert.Contains("\"level\":\"ERROR\"", Logs, StringComparison.Ordinal);
        Assert.Contains("UserStoreException", Logs, StringComparison.Ordinal);
        Assert.DoesNotContain("users-secret-name", Logs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Handle_EveryInvocation_LogsOneJsonLine()
    {
        await SendAsync(TestEvents.RegistrationBody("heidi", "heidi@example.com", "marble violin sunrise"));
        await SendAsync("{");

        var lines = Logs.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        foreach (var line in lines)
        {
            using var entry = JsonDocument.Parse(line);
            var root = entry.RootElement;
            Assert.Equal("INFO", root.GetProperty("level").GetString());
            Assert.Equal("req-under-test", root.GetProperty("apiRequestId").GetString());
            Assert.True(root.TryGetProperty("timestamp", out _));
            Assert.True(root.GetProperty("hashMs").GetDouble() >= 0);
            Assert.True(root.GetProperty("storeMs").GetDouble() >= 0);
            Assert.True(root.GetProperty("parseMs").GetDouble() >= 0);
        }

        Assert.Equal("created", JsonDocument.Parse(lines[0]).RootElement.GetProperty("outcome").GetString());
        Assert.Equal("malformed-body:body_invalid_json", JsonDocument.Parse(lines[1]).RootElement.GetProperty("outcome").GetString());
        Assert.True(JsonDocument.Parse(lines[0]).RootElement.GetProperty("hashMs").GetDouble() > 0);
    }

    [Fact]
    public async Task Handle_FiftyRacingRegistrations_OneWins()
    {
        var attempts = Enumerable.Range(0, 50).Select(i => Task.Run(() => SendAsync(
            TestEvents.RegistrationBody("race.winner", $"racer{i}@example.com", "tangerine glacier wobble"))));

        var responses = await Task.WhenAll(attempts);

        Assert.Equal(1, responses.Count(r => r.StatusCode == 200));
        Assert.Equal(49, responses.Count(r => r.StatusCode == 409));
        var items = await dynamoDb.ScanAsync(_tableName, TestContext.Current.CancellationToken);
        Assert.Equal(3, items.Count);
        var winner = JsonDocument.Parse(responses.Single(r => r.StatusCode == 200).Body).RootElement;
        var userId = winner.GetProperty("userId").GetString();
        Assert.All(items, item => Assert.Equal(userId, item["userId"].S));
        Assert.Empty(await TableConsistencyChecker.CheckAsync(dynamoDb.Client, _tableName, TestContext.Current.CancellationToken));
    }

    private CreateUserHandler CreateHandler(IUserStore store)
    {
        var logger = new LambdaJsonLogger(_log, LogLevel.Information, TimeProvider.System);
        var service = new RegistrationService(
            new RegistrationValidator(), new Argon2idPasswordHasher(new Argon2idOptions()), store, TimeProvider.System);
        return new CreateUserHandler(service, logger, TimeProvider.System);
    }

    private Task<FunctionResponse> SendAsync(string body) =>
        Handler.HandleAsync(Request(body), DateTimeOffset.UtcNow.AddSeconds(10), TestContext.Current.CancellationToken);

    private static FunctionRequest Request(string body, string contentType = "application/json")
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (contentType.Length > 0)
        {
            headers["content-type"] = contentType;
        }

        return new FunctionRequest("POST", headers, body, false, "req-under-test");
    }

    private static JsonElement AssertProblem(FunctionResponse response, int status, string type)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Headers["content-type"]);
        var problem = JsonDocument.Parse(response.Body).RootElement;
        Assert.Equal(type, problem.GetProperty("type").GetString());
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        Assert.Equal("req-under-test", problem.GetProperty("requestId").GetString());
        return problem;
    }

    private sealed class FixedOutcomeStore(StoreOutcome outcome) : IUserStore
    {
        public Task<StoreOutcome> CreateAsync(NewUser user, DateTimeOffset deadline, CancellationToken cancellationToken) =>
            Task.FromResult(outcome);
    }

    private sealed class ThrowingStore(Exception exception) : IUserStore
    {
        public Task<StoreOutcome> CreateAsync(NewUser user, DateTimeOffset deadline, CancellationToken cancellationToken) =>
            Task.FromException<StoreOutcome>(exception);
    }
}
