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

        var problem = AssertProblem(response, 503, "/problems/service-unavailable");
        Assert.Equal("2", response.Headers["retry-after"]);
        Assert.StartsWith("The account was not created", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Handle_UnconfirmedWrite_503SaysAccountMayExist()
    {
        var outcome = new StoreOutcome.Unavailable(TimeSpan.FromSeconds(1), MayHaveBeenWritten: true);
        var handler = CreateHandler(new FixedOutcomeStore(outcome));

        var response = await handler.HandleAsync(
            Request(TestEvents.RegistrationBody("frank", "frank@example.com", "silver meadow piano")),
            DateTimeOffset.UtcNow.AddSeconds(10),
            TestContext.Current.CancellationToken);

        var problem = AssertProblem(response, 503, "/problems/service-unavailable");
        var detail = problem.GetProperty("detail").GetString();
        Assert.Contains("may have been created", detail);
        Assert.Contains("Idempotency-Key", detail);
        Assert.Equal("1", response.Headers["retry-after"]);
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

    [Fact]
    public async Task Handle_RetryWithSameKey_ReplaysFirstResponse()
    {
        var body = TestEvents.RegistrationBody("Dana.Fox", "dana@example.com", "amber kettle horizon");
        var first = await SendAsync(body, "key-dana-1");
        var itemsAfterFirst = await dynamoDb.ScanAsync(_tableName, TestContext.Current.CancellationToken);

        var retry = await SendAsync(body, "key-dana-1");

        Assert.Equal(200, first.StatusCode);
        Assert.False(first.Headers.ContainsKey("idempotent-replayed"));
        Assert.Equal(200, retry.StatusCode);
        Assert.Equal(first.Body, retry.Body);
        Assert.Equal("true", retry.Headers["idempotent-replayed"]);
        Assert.Equal("application/json", retry.Headers["content-type"]);
        var items = await dynamoDb.ScanAsync(_tableName, TestContext.Current.CancellationToken);
        Assert.Equal(4, items.Count);
        Assert.Equal(Snapshot(itemsAfterFirst), Snapshot(items));
        Assert.Single(items, item => item["pk"].S.StartsWith("IDEMPOTENCY#", StringComparison.Ordinal));
        Assert.Empty(await TableConsistencyChecker.CheckAsync(dynamoDb.Client, _tableName, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Handle_RetryWithSameKey_LogsReplayWithoutKey()
    {
        var body = TestEvents.RegistrationBody("eve.lin", "eve@example.com", "copper meadow lantern");
        await SendAsync(body, "secret-client-key-eve");

        await SendAsync(body, "secret-client-key-eve");

        var lines = Logs.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        var created = JsonDocument.Parse(lines[0]).RootElement;
        var replayed = JsonDocument.Parse(lines[1]).RootElement;
        Assert.Equal("created", created.GetProperty("outcome").GetString());
        Assert.Equal("replayed", replayed.GetProperty("outcome").GetString());
        var keyPrefix = Idempotency.HashKey("secret-client-key-eve")[..8];
        Assert.Equal(keyPrefix, created.GetProperty("idempotencyKey").GetString());
        Assert.Equal(keyPrefix, replayed.GetProperty("idempotencyKey").GetString());
        Assert.DoesNotContain("secret-client-key-eve", Logs, StringComparison.Ordinal);
        Assert.DoesNotContain(Idempotency.HashKey("secret-client-key-eve"), Logs, StringComparison.Ordinal);
        Secrets.AssertAbsent(Logs, ["copper meadow lantern"], ["eve@example.com"], []);
    }

    [Fact]
    public async Task Handle_NoKey_LogsNone()
    {
        await SendAsync(TestEvents.RegistrationBody("finn.ode", "finn@example.com", "walnut harbour signal"));

        var line = JsonDocument.Parse(Logs.Split('\n', StringSplitOptions.RemoveEmptyEntries).Single()).RootElement;
        Assert.Equal("none", line.GetProperty("idempotencyKey").GetString());
    }

    [Theory]
    [InlineData("gus.other", "gus@example.com", "silver orchard beacon")]
    [InlineData("Gus.Hart", "gus.other@example.com", "silver orchard beacon")]
    [InlineData("Gus.Hart", "gus@example.com", "another orchard beacon")]
    [InlineData("gus.hart", "gus@example.com", "silver orchard beacon")]
    public async Task Handle_SameKeyOtherRequest_Returns422(string username, string email, string password)
    {
        await SendAsync(TestEvents.RegistrationBody("Gus.Hart", "gus@example.com", "silver orchard beacon"), "key-gus");
        var before = Snapshot(await dynamoDb.ScanAsync(_tableName, TestContext.Current.CancellationToken));

        var response = await SendAsync(TestEvents.RegistrationBody(username, email, password), "key-gus");

        var problem = AssertProblem(response, 422, "/problems/idempotency-key-reused");
        Assert.Equal(
            "idempotency_key_reused",
            problem.GetProperty("errors").GetProperty("Idempotency-Key")[0].GetProperty("code").GetString());
        Assert.False(response.Headers.ContainsKey("idempotent-replayed"));
        var after = Snapshot(await dynamoDb.ScanAsync(_tableName, TestContext.Current.CancellationToken));
        Assert.Equal(before, after);
        var outcome = JsonDocument.Parse(Logs.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1]).RootElement;
        Assert.Equal("idempotency-key-reused:idempotency_key_reused", outcome.GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task Handle_SameKeyReorderedJson_Replays()
    {
        var first = await SendAsync("""{"username":"hana.ito","email":"hana@example.com","password":"purple comet arcade"}""", "key-hana");

        var retry = await SendAsync(
            """
            { "password" : "purple comet arcade",
              "email": "hana@example.com", "username": "hana.ito" }
            """,
            "key-hana");

        Assert.Equal(200, retry.StatusCode);
        Assert.Equal(first.Body, retry.Body);
        Assert.Equal("true", retry.Headers["idempotent-replayed"]);
    }

    [Fact]
    public async Task Handle_ConflictWithKey_IsNotRecorded()
    {
        await SendAsync(TestEvents.RegistrationBody("ivo.taken", "ivo@example.com", "granite willow parade"));

        var first = await SendAsync(TestEvents.RegistrationBody("ivo.taken", "ivo2@example.com", "granite willow parade"), "key-ivo");
        var retry = await SendAsync(TestEvents.RegistrationBody("ivo.taken", "ivo2@example.com", "granite willow parade"), "key-ivo");

        AssertProblem(first, 409, "/problems/already-registered");
        AssertProblem(retry, 409, "/problems/already-registered");
        var items = await dynamoDb.ScanAsync(_tableName, TestContext.Current.CancellationToken);
        Assert.DoesNotContain(items, item => item["pk"].S.StartsWith("IDEMPOTENCY#", StringComparison.Ordinal));
        Assert.Equal(3, items.Count);
    }

    [Fact]
    public async Task Handle_InvalidKey_Returns400AndStoresNothing()
    {
        var response = await SendAsync(TestEvents.RegistrationBody("jo.kim", "jo@example.com", "saffron bridge tunnel"), "caf\u00e9");

        var problem = AssertProblem(response, 400, "/problems/invalid-idempotency-key");
        Assert.Equal(
            "idempotency_key_invalid",
            problem.GetProperty("errors").GetProperty("Idempotency-Key")[0].GetProperty("code").GetString());
        Assert.Empty(await dynamoDb.ScanAsync(_tableName, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Handle_TwentyConcurrentSameKey_CreateOneUser()
    {
        var body = TestEvents.RegistrationBody("kai.race", "kai@example.com", "cobalt lantern meadow");
        var attempts = Enumerable.Range(0, 20).Select(_ => Task.Run(() => SendAsync(body, "key-kai-race")));

        var responses = await Task.WhenAll(attempts);

        var succeeded = responses.Where(r => r.StatusCode == 200).ToList();
        Assert.NotEmpty(succeeded);
        Assert.All(succeeded, response => Assert.Equal(succeeded[0].Body, response.Body));
        Assert.Single(succeeded, response => !response.Headers.ContainsKey("idempotent-replayed"));
        foreach (var response in responses.Where(r => r.StatusCode != 200))
        {
            AssertProblem(response, 409, "/problems/idempotency-key-in-progress");
            Assert.True(response.Headers.ContainsKey("retry-after"));
        }

        var items = await dynamoDb.ScanAsync(_tableName, TestContext.Current.CancellationToken);
        Assert.Single(items, item => item["pk"].S.StartsWith("USER#", StringComparison.Ordinal));
        Assert.Equal(4, items.Count);
        Assert.Empty(await TableConsistencyChecker.CheckAsync(dynamoDb.Client, _tableName, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Handle_KeyTakenButRecordMissing_Returns409InProgress()
    {
        var handler = CreateHandler(new FixedOutcomeStore(new StoreOutcome.IdempotencyKeyTaken()));

        var response = await handler.HandleAsync(
            Request(TestEvents.RegistrationBody("lea.moss", "lea@example.com", "indigo harbour falcon"), idempotencyKey: "key-lea"),
            DateTimeOffset.UtcNow.AddSeconds(10),
            TestContext.Current.CancellationToken);

        var problem = AssertProblem(response, 409, "/problems/idempotency-key-in-progress");
        Assert.Equal("1", response.Headers["retry-after"]);
        Assert.Equal(
            "idempotency_key_in_progress",
            problem.GetProperty("errors").GetProperty("Idempotency-Key")[0].GetProperty("code").GetString());
    }

    private static List<string> Snapshot(IEnumerable<Dictionary<string, Amazon.DynamoDBv2.Model.AttributeValue>> items) =>
        items
            .Select(item => string.Join(
                ";",
                item.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => $"{pair.Key}={pair.Value.S}{pair.Value.N}")))
            .Order(StringComparer.Ordinal)
            .ToList();

    private CreateUserHandler CreateHandler(IUserStore store)
    {
        var logger = new LambdaJsonLogger(_log, LogLevel.Information, TimeProvider.System);
        var service = new RegistrationService(
            new RegistrationValidator(), new Argon2idPasswordHasher(new Argon2idOptions()), store, TimeProvider.System);
        return new CreateUserHandler(service, logger, TimeProvider.System);
    }

    private Task<FunctionResponse> SendAsync(string body, string? idempotencyKey = null) =>
        Handler.HandleAsync(
            Request(body, idempotencyKey: idempotencyKey),
            DateTimeOffset.UtcNow.AddSeconds(10),
            TestContext.Current.CancellationToken);

    private static FunctionRequest Request(string body, string contentType = "application/json", string? idempotencyKey = null)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (contentType.Length > 0)
        {
            headers["content-type"] = contentType;
        }

        if (idempotencyKey is not null)
        {
            headers["idempotency-key"] = idempotencyKey;
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
        public Task<StoreOutcome> CreateAsync(
            NewUser user, IdempotencyRecord? idempotency, DateTimeOffset deadline, CancellationToken cancellationToken) =>
            Task.FromResult(outcome);

        public Task<LookupOutcome<IdempotencyRecord>> FindIdempotencyRecordAsync(
            string keyHash, DateTimeOffset deadline, CancellationToken cancellationToken) =>
            Task.FromResult<LookupOutcome<IdempotencyRecord>>(new LookupOutcome<IdempotencyRecord>.NotFound());

        public Task<LookupOutcome<StoredUser>> FindUserAsync(
            Guid userId, DateTimeOffset deadline, CancellationToken cancellationToken) =>
            Task.FromResult<LookupOutcome<StoredUser>>(new LookupOutcome<StoredUser>.NotFound());
    }

    private sealed class ThrowingStore(Exception exception) : IUserStore
    {
        public Task<StoreOutcome> CreateAsync(
            NewUser user, IdempotencyRecord? idempotency, DateTimeOffset deadline, CancellationToken cancellationToken) =>
            Task.FromException<StoreOutcome>(exception);

        public Task<LookupOutcome<IdempotencyRecord>> FindIdempotencyRecordAsync(
            string keyHash, DateTimeOffset deadline, CancellationToken cancellationToken) =>
            Task.FromException<LookupOutcome<IdempotencyRecord>>(exception);

        public Task<LookupOutcome<StoredUser>> FindUserAsync(
            Guid userId, DateTimeOffset deadline, CancellationToken cancellationToken) =>
            Task.FromException<LookupOutcome<StoredUser>>(exception);
    }
}
