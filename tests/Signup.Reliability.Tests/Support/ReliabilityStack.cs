using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Logging;
using Signup.DynamoDb;
using Signup.Local;
using Signup.Local.Template;
using Signup.Testing;

namespace Signup.Reliability.Tests.Support;

/// <summary>
/// One local stack as <c>./run</c> starts it (DynamoDB Local, the function's JIT build behind the Runtime API emulator,
/// the gateway on a free port of 127.0.0.1) with the gateway's throttling raised, so that the tests measure the
/// function and the database rather than the rate limit. Every line the stack writes goes to <see cref="SuiteLog"/>,
/// and when the stack stops, the emails and password hashes in its table go there too.
/// </summary>
public abstract class ReliabilityStack(SuiteLog suiteLog) : IAsyncLifetime
{
    /// <summary>Logical id of the registration function in <c>template.yaml</c>.</summary>
    public const string FunctionName = "CreateUserFunction";

    /// <summary>Requests per second and burst the stage accepts here: high enough that no test meets the throttle.</summary>
    public const int RaisedThrottleLimit = 100_000;

    /// <summary>The function's timeout in <c>template.yaml</c>.</summary>
    public static readonly TimeSpan FunctionTimeout = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(60);

    private LocalStack? _stack;
    private HttpClient? _client;
    private ILoggerFactory? _loggerFactory;

    public SuiteLog SuiteLog { get; } = suiteLog;

    /// <summary>The last lines the stack wrote, for failure messages.</summary>
    public StackOutput Output { get; } = new(suiteLog.AddLine);

    public LocalStack Stack => _stack ?? throw NotStarted();

    public HttpClient Client => _client ?? throw NotStarted();

    public string TableName => Stack.Configuration.Tables.Single().TableName;

    /// <summary>Reserved concurrency of the function as the stack read it from the template.</summary>
    public int ReservedConcurrency =>
        Stack.Configuration.Functions.Single(function => function.LogicalId == FunctionName).ReservedConcurrency
        ?? throw new InvalidOperationException($"{FunctionName} reserves no concurrency in the template.");

    public async ValueTask InitializeAsync()
    {
        var configuration = TestStack.BuildConfiguration(typeof(ReliabilityStack).Assembly);
        _loggerFactory = LoggerFactory.Create(builder => builder.AddProvider(Output));
        var options = await ConfigureAsync(new LocalStackOptions
        {
            RepositoryRoot = Testing.RepositoryRoot.Find(),
            Port = 0,
            DynamoDb = DynamoDbMode.InMemory,
            FunctionMode = FunctionMode.Jit,
            Configuration = configuration,
            Output = Output,
            LoggerFactory = _loggerFactory,
            Template = new TemplateReaderOptions
            {
                ParameterOverrides = new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    ["StageThrottlingRateLimit"] = RaisedThrottleLimit.ToString(CultureInfo.InvariantCulture),
                    ["StageThrottlingBurstLimit"] = RaisedThrottleLimit.ToString(CultureInfo.InvariantCulture),
                },
            },
        });
        _stack = await TestStack.StartAsync(options, Output);
        _client = TestStack.CreateClient(_stack.ApiUrl, ClientTimeout);

        await WarmUpAsync();
    }

    /// <summary>Statuses of the registrations that started every function process, for the figures.</summary>
    public SortedDictionary<int, int> WarmUpStatuses { get; private set; } = [];

    public async ValueTask DisposeAsync()
    {
        _client?.Dispose();
        if (_stack is not null)
        {
            if (_stack.DynamoDb is { IsRunning: true })
            {
                await RecordStoredSecretsAsync();
            }

            await _stack.DisposeAsync();
            SuiteLog.StackStopped();
        }

        _loggerFactory?.Dispose();
        await OnStoppedAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>Sends <paramref name="request"/> and reads the whole response; a failed connection is a reply with status 0.</summary>
    public async Task<ApiReply> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var stopwatch = Stopwatch.StartNew();
        try
        {
            using var response = await Client.SendAsync(request, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            return new ApiReply(
                (int)response.StatusCode,
                response.Content.Headers.ContentType?.MediaType,
                response.Headers.RetryAfter?.Delta is { } delta
                    ? ((int)delta.TotalSeconds).ToString(CultureInfo.InvariantCulture)
                    : null,
                body,
                stopwatch.Elapsed);
        }
        catch (HttpRequestException exception)
        {
            return new ApiReply(ApiReply.NoResponse, null, null, exception.Message, stopwatch.Elapsed);
        }
        catch (TaskCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            return new ApiReply(ApiReply.NoResponse, null, null, exception.Message, stopwatch.Elapsed);
        }
    }

    /// <summary>
    /// Posts <paramref name="registration"/> to <c>/createUser</c>, with an <c>Idempotency-Key</c> header when
    /// <paramref name="idempotencyKey"/> is given, recording its password and email as secrets.
    /// </summary>
    public Task<ApiReply> RegisterAsync(
        Registration registration,
        CancellationToken cancellationToken,
        string? idempotencyKey = null)
    {
        ArgumentNullException.ThrowIfNull(registration);
        SuiteLog.AddSecret(SecretKind.Password, registration.Password);
        SuiteLog.AddSecret(SecretKind.Email, registration.Email);
        var request = new HttpRequestMessage(HttpMethod.Post, "/createUser")
        {
            Content = new StringContent(registration.ToJson(), Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return SendAsync(request, cancellationToken);
    }

    /// <summary>Returns every item of the users table.</summary>
    public async Task<IReadOnlyList<Dictionary<string, AttributeValue>>> ScanAsync(CancellationToken cancellationToken)
    {
        using var client = DynamoDb.CreateClient();
        return await TableContents.ScanAllAsync(client, TableName, cancellationToken);
    }

    /// <summary>Returns the usernames of every user item in the table.</summary>
    public async Task<HashSet<string>> StoredUsernamesAsync(CancellationToken cancellationToken) =>
        (await ScanAsync(cancellationToken))
            .Where(item => item[UsersTable.PartitionKey].S.StartsWith(UsersTable.UserPrefix, StringComparison.Ordinal))
            .Select(item => item[UsersTable.UsernameAttribute].S)
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>Runs the consistency checker on the users table and returns its report, empty when consistent.</summary>
    public async Task<IReadOnlyList<string>> CheckConsistencyAsync(CancellationToken cancellationToken)
    {
        using var client = DynamoDb.CreateClient();
        return await TableConsistencyChecker.CheckAsync(client, TableName, cancellationToken);
    }

    /// <summary>Returns the options to start the stack with; the default keeps them.</summary>
    protected virtual ValueTask<LocalStackOptions> ConfigureAsync(LocalStackOptions options) => ValueTask.FromResult(options);

    // Starts every function process and runs each through a whole registration before the tests, because the tests
    // measure the warm stack. A cold process compiles the AWS SDK's code paths on its first write, and on a busy
    // machine that can take longer than the DynamoDB client's 2 s request timeout.
    private async Task WarmUpAsync()
    {
        const int MaxRounds = 5;
        var replies = new List<ApiReply>();
        for (var round = 0; round < MaxRounds; round++)
        {
            var batch = await Task.WhenAll(
                Enumerable.Range(0, ReservedConcurrency).Select(_ => RegisterAsync(Registration.Create("warm"), default)));
            replies.AddRange(batch);
            if (batch.All(reply => reply.Status == 200))
            {
                break;
            }
        }

        WarmUpStatuses = Replies.CountByStatus(replies);
    }

    /// <summary>Releases what <see cref="ConfigureAsync"/> set up, after the stack has stopped.</summary>
    protected virtual ValueTask OnStoppedAsync() => ValueTask.CompletedTask;

    private Local.Storage.DynamoDbLocal DynamoDb =>
        Stack.DynamoDb ?? throw new InvalidOperationException("The stack runs without DynamoDB Local.");

    private async Task RecordStoredSecretsAsync()
    {
        foreach (var item in await ScanAsync(CancellationToken.None))
        {
            if (item.TryGetValue(UsersTable.PasswordHashAttribute, out var hash))
            {
                SuiteLog.AddSecret(SecretKind.PasswordHash, hash.S);
            }

            if (item.TryGetValue(UsersTable.EmailAttribute, out var email))
            {
                SuiteLog.AddSecret(SecretKind.Email, email.S);
            }
        }
    }

    private static InvalidOperationException NotStarted() =>
        new("The local stack is not running: the fixture was not initialized or is already disposed.");
}
