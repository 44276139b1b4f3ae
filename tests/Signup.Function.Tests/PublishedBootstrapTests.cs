using System.Text.Json;
using System.Text.Json.Nodes;
using Signup.Testing;

namespace Signup.Function.Tests;

/// <summary>
/// The Native AOT <c>bootstrap</c> as Lambda runs it: a child process polling a Runtime API over real HTTP, with
/// DynamoDB Local behind it.
/// </summary>
[Trait("Category", "Integration")]
public sealed class PublishedBootstrapTests(DynamoDbLocalFixture dynamoDb) : IAsyncLifetime
{
    private static readonly TimeSpan InvokeTimeout = TimeSpan.FromSeconds(10);

    private RuntimeApiServer? _runtimeApi;
    private FunctionProcess? _function;
    private string _tableName = "";
    private string _publishOutput = "";
    private string _bootstrapPath = "";

    private RuntimeApiServer RuntimeApi => _runtimeApi ?? throw new InvalidOperationException("Not initialized.");

    private FunctionProcess Function => _function ?? throw new InvalidOperationException("Not initialized.");

    public async ValueTask InitializeAsync()
    {
        (_bootstrapPath, _publishOutput) = await PublishedBootstrap.PublishAsync();
        _tableName = await dynamoDb.CreateUsersTableAsync(TestContext.Current.CancellationToken);
        _runtimeApi = await RuntimeApiServer.StartAsync();
        _function = FunctionProcess.Start(_bootstrapPath, Environment(_runtimeApi.Address));
    }

    public async ValueTask DisposeAsync()
    {
        if (_function is not null)
        {
            await _function.DisposeAsync();
        }

        if (_runtimeApi is not null)
        {
            await _runtimeApi.DisposeAsync();
        }
    }

    [Fact]
    public void Publish_HasNoTrimOrAotWarnings()
    {
        Assert.True(File.Exists(_bootstrapPath), $"no bootstrap at {_bootstrapPath}");
        Assert.DoesNotContain("warning", _publishOutput, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Bootstrap_RegistersThenRejectsSameRequest()
    {
        var body = TestEvents.RegistrationBody("Ｉvan.Petrov", "ivan@Example.org", "lemon submarine quartz");

        var first = await InvokeAsync(TestEvents.HttpApiV2(body));
        var second = await InvokeAsync(TestEvents.HttpApiV2(body));

        Assert.Equal(200, first.GetProperty("statusCode").GetInt32());
        var user = JsonDocument.Parse(first.GetProperty("body").GetString()!).RootElement;
        Assert.Equal("Ｉvan.Petrov", user.GetProperty("username").GetString());
        Assert.Equal(409, second.GetProperty("statusCode").GetInt32());
        Assert.Equal("application/problem+json", second.GetProperty("headers").GetProperty("content-type").GetString());
        var items = await dynamoDb.ScanAsync(_tableName, TestContext.Current.CancellationToken);
        Assert.Equal(3, items.Count);
        Assert.Contains(items, item => item["pk"].S == "USERNAME#ivan.petrov");

        var hash = items.Single(item => item.ContainsKey("passwordHash"))["passwordHash"].S;
        Secrets.AssertAbsent(Function.Output, ["lemon submarine quartz"], ["ivan@Example.org"], [hash]);
    }

    [Fact]
    public async Task Bootstrap_BadBodies_AnswerProblemsAndStoreNothing()
    {
        var valid = TestEvents.RegistrationBody("judy", "judy@example.com", "walnut cobalt ribbon");
        var cases = new (byte[] Event, int Status)[]
        {
            (TestEvents.HttpApiV2("{\"username\":"), 400),
            (TestEvents.HttpApiV2("""{"username":"judy","Username":"x","email":"judy@example.com","password":"walnut cobalt ribbon"}"""), 400),
            (TestEvents.HttpApiV2(TestEvents.RegistrationBody("j", "judy@", "short")), 400),
            (TestEvents.HttpApiV2("not base64!", base64: true, bodyIsEncoded: true), 400),
            (TestEvents.HttpApiV2(valid + new string(' ', 17 * 1024)), 413),
            (TestEvents.HttpApiV2(valid, contentType: "text/plain"), 415),
            (TestEvents.HttpApiV2(valid, contentType: ""), 415),
        };

        foreach (var (invocationEvent, status) in cases)
        {
            var response = await InvokeAsync(invocationEvent);

            Assert.Equal(status, response.GetProperty("statusCode").GetInt32());
            var problem = JsonDocument.Parse(response.GetProperty("body").GetString()!).RootElement;
            Assert.Equal(status, problem.GetProperty("status").GetInt32());
            Assert.False(string.IsNullOrEmpty(problem.GetProperty("requestId").GetString()));
        }

        Assert.Empty(await dynamoDb.ScanAsync(_tableName, TestContext.Current.CancellationToken));
        Secrets.AssertAbsent(Function.Output, ["walnut cobalt ribbon"], ["judy@example.com"], []);
    }

    [Fact]
    public async Task Bootstrap_Base64Body_IsDecoded()
    {
        var body = TestEvents.RegistrationBody("kim.base", "kim@example.com", "plum satellite harbor");

        var response = await InvokeAsync(TestEvents.HttpApiV2(body, base64: true));

        Assert.Equal(200, response.GetProperty("statusCode").GetInt32());
    }

    [Fact]
    public async Task Bootstrap_RestV1Event_AnswersInV1Format()
    {
        var body = TestEvents.RegistrationBody("leo.rest", "leo@example.com", "indigo parcel thunder");

        var response = await InvokeAsync(TestEvents.RestV1(body));

        Assert.Equal(200, response.GetProperty("statusCode").GetInt32());
        Assert.False(response.GetProperty("isBase64Encoded").GetBoolean());
        Assert.Contains("leo.rest", response.GetProperty("body").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bootstrap_NonApiGatewayEvent_ReportsInvocationError()
    {
        var result = await RuntimeApi.InvokeAsync("""{"hello":"world"}"""u8.ToArray(), InvokeTimeout);

        Assert.True(result.IsError);
        Assert.Equal("InvalidOperationException", result.ErrorType);

        // The process keeps serving after a failed invocation.
        var next = await InvokeAsync(TestEvents.HttpApiV2("{}"));
        Assert.Equal(400, next.GetProperty("statusCode").GetInt32());
    }

    [Fact]
    public async Task Bootstrap_Sigterm_ExitsCleanly()
    {
        await InvokeAsync(TestEvents.HttpApiV2("{}"));

        var exitCode = await Function.TerminateAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(0, exitCode);
    }

    [Theory]
    [InlineData("ARGON2_ITERATIONS", "1")]
    [InlineData("ARGON2_MEMORY_KIB", "1024")]
    [InlineData("USERS_TABLE", "")]
    public async Task Bootstrap_BadEnvironment_ReportsInitError(string name, string value)
    {
        await using var runtimeApi = await RuntimeApiServer.StartAsync();
        var environment = new Dictionary<string, string>(Environment(runtimeApi.Address)) { [name] = value };
        await using var function = FunctionProcess.Start(_bootstrapPath, environment);

        var error = await runtimeApi.InitError.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        await function.WaitForExitAsync(TimeSpan.FromSeconds(5));

        var body = JsonDocument.Parse(error).RootElement;
        Assert.False(string.IsNullOrEmpty(body.GetProperty("errorType").GetString()));
        Assert.False(string.IsNullOrEmpty(body.GetProperty("errorMessage").GetString()));
        Assert.NotEqual(0, function.ExitCode);
        Assert.Equal(0, runtimeApi.NextCallCount);
    }

    [Fact]
    public async Task Bootstrap_WithoutRuntimeApi_LogsAndExits()
    {
        var environment = Environment(RuntimeApi.Address);
        environment.Remove("AWS_LAMBDA_RUNTIME_API");
        await using var function = FunctionProcess.Start(_bootstrapPath, environment);

        await function.WaitForExitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(1, function.ExitCode);
        var line = Assert.Single(function.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var entry = JsonDocument.Parse(line).RootElement;
        Assert.Equal("FATAL", entry.GetProperty("level").GetString());
        Assert.Contains("AWS_LAMBDA_RUNTIME_API", entry.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bootstrap_InvariantGlobalization_ReportsInitError()
    {
        // The published binary fixes InvariantGlobalization=false at build time, so the mode can only be switched on
        // in a JIT build's runtimeconfig.json: run the function that way to prove the start-up check catches it.
        // The function's own build output contains every assembly the JIT build loads; this project's output does not.
        var configurationPath = Path.GetRelativePath(
            Path.Combine(AppContext.BaseDirectory, "..", "..", ".."), AppContext.BaseDirectory);
        var buildDirectory = Path.Combine(RepositoryRoot.Find(), "src", "Signup.Function", configurationPath);
        var runtimeConfig = JsonNode.Parse(File.ReadAllText(Path.Combine(buildDirectory, "bootstrap.runtimeconfig.json")))!;
        runtimeConfig["runtimeOptions"]!["configProperties"]!["System.Globalization.Invariant"] = true;
        var runtimeConfigPath = Path.Combine(Path.GetTempPath(), $"bootstrap-invariant-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(runtimeConfigPath, runtimeConfig.ToJsonString(), TestContext.Current.CancellationToken);
        await using var runtimeApi = await RuntimeApiServer.StartAsync();

        await using var function = FunctionProcess.Start(
            "dotnet",
            Environment(runtimeApi.Address),
            "exec",
            "--runtimeconfig",
            runtimeConfigPath,
            Path.Combine(buildDirectory, "bootstrap.dll"));
        var error = await runtimeApi.InitError.WaitAsync(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);
        await function.WaitForExitAsync(TimeSpan.FromSeconds(5));
        File.Delete(runtimeConfigPath);

        var body = JsonDocument.Parse(error).RootElement;
        Assert.Equal("InvalidOperationException", body.GetProperty("errorType").GetString());
        Assert.Contains("NFKC", body.GetProperty("errorMessage").GetString(), StringComparison.Ordinal);
        Assert.NotEqual(0, function.ExitCode);
        Assert.Equal(0, runtimeApi.NextCallCount);
    }

    private async Task<JsonElement> InvokeAsync(byte[] invocationEvent)
    {
        var result = await RuntimeApi.InvokeAsync(invocationEvent, InvokeTimeout);
        Assert.False(result.IsError, $"invocation error {result.ErrorType}: {result.Body}\n{Function.Output}");
        return JsonDocument.Parse(result.Body).RootElement.Clone();
    }

    private Dictionary<string, string> Environment(string runtimeApiAddress)
    {
        var environment = new Dictionary<string, string>(dynamoDb.Server.EnvironmentVariables)
        {
            ["AWS_LAMBDA_RUNTIME_API"] = runtimeApiAddress,
            ["USERS_TABLE"] = _tableName,
            ["AWS_ACCESS_KEY_ID"] = "local",
            ["AWS_SECRET_ACCESS_KEY"] = "local",
            ["AWS_LAMBDA_FUNCTION_NAME"] = "signup-test",
        };
        return environment;
    }
}
