using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Logging;
using Signup.Local;
using Signup.Testing;

namespace Signup.EndToEnd.Tests.Support;

/// <summary>
/// The local stack that <c>./run</c> starts, once for the whole test assembly: DynamoDB Local in memory, the
/// registration function's JIT build behind the Runtime API emulator, and the gateway on a free port of 127.0.0.1.
/// Every test shares it, so each test registers users with names of its own (<see cref="TestUser.Create"/>).
/// </summary>
public sealed class StackFixture : IAsyncLifetime
{
    /// <summary>Logical id of the registration function in <c>template.yaml</c>.</summary>
    public const string FunctionName = "CreateUserFunction";

    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(5);

    private readonly ILoggerFactory _loggerFactory;
    private LocalStack? _stack;
    private HttpClient? _client;

    public StackFixture()
    {
        _loggerFactory = LoggerFactory.Create(builder => builder.AddProvider(Output));
    }

    /// <summary>The stack's start-up lines, access logs, function output and log messages.</summary>
    public StackOutput Output { get; } = new();

    public LocalStack Stack => _stack ?? throw NotStarted();

    /// <summary>A client for the gateway, with no proxy, cookies or redirects.</summary>
    public HttpClient Client => _client ?? throw NotStarted();

    /// <summary>Origin of the page, such as <c>http://127.0.0.1:40123</c>.</summary>
    public string PageOrigin => Stack.PageUrl.GetLeftPart(UriPartial.Authority);

    /// <summary>Name of the users table in DynamoDB Local.</summary>
    public string TableName => Stack.Configuration.Tables.Single().TableName;

    public async ValueTask InitializeAsync()
    {
        var root = Testing.RepositoryRoot.Find();
        var configuration = TestStack.BuildConfiguration(typeof(StackFixture).Assembly);
        var options = new LocalStackOptions
        {
            RepositoryRoot = root,
            Port = 0,
            DynamoDb = DynamoDbMode.InMemory,
            FunctionMode = FunctionMode.Jit,
            Configuration = configuration,
            Output = Output,
            LoggerFactory = _loggerFactory,
        };
        await BuildFunctionIfMissingAsync(root, options);
        _stack = await TestStack.StartAsync(options, Output);
        _client = TestStack.CreateClient(_stack.ApiUrl);
    }

    public async ValueTask DisposeAsync()
    {
        _client?.Dispose();
        if (_stack is not null)
        {
            await _stack.DisposeAsync();
        }

        _loggerFactory.Dispose();
    }

    /// <summary>
    /// Sends <paramref name="request"/>, reads the whole body, and checks what every gateway response must satisfy:
    /// an <c>apigw-requestid</c> header, and a body that <c>docs/openapi.yaml</c> describes.
    /// </summary>
    public async Task<ApiResponse> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var response = await Client.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var result = new ApiResponse(response, body);
        Assert.False(
            string.IsNullOrEmpty(result.RequestId),
            $"{request.Method} {request.RequestUri} → {result.Status} has no apigw-requestid header.");
        OpenApiContract.AssertMatches(response, body);
        return result;
    }

    /// <summary>Posts <paramref name="json"/> to <c>/createUser</c> with the given content type.</summary>
    public Task<ApiResponse> PostCreateUserAsync(
        string json, CancellationToken cancellationToken, string contentType = "application/json")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/createUser")
        {
            Content = new StringContent(json, Encoding.UTF8, contentType),
        };
        return SendAsync(request, cancellationToken);
    }

    /// <summary>Registers <paramref name="user"/> through the API.</summary>
    public Task<ApiResponse> RegisterAsync(TestUser user, CancellationToken cancellationToken) =>
        PostCreateUserAsync(user.ToJson(), cancellationToken);

    /// <summary>Returns every item of the users table.</summary>
    public async Task<IReadOnlyList<Dictionary<string, Amazon.DynamoDBv2.Model.AttributeValue>>> ScanUsersTableAsync(
        CancellationToken cancellationToken)
    {
        var dynamoDb = Stack.DynamoDb ?? throw new InvalidOperationException("The stack runs without DynamoDB Local.");
        using var client = dynamoDb.CreateClient();
        return await TableContents.ScanAllAsync(client, TableName, cancellationToken);
    }

    // LocalStack runs the function's build output and refuses to start without it. The project reference builds it
    // with the tests, so this only runs when the tests were built some other way.
    private async Task BuildFunctionIfMissingAsync(string root, LocalStackOptions options)
    {
        var assembly = Path.Combine(root, options.FunctionProject, "bin", options.Configuration, "net10.0", "bootstrap.dll");
        if (File.Exists(assembly))
        {
            return;
        }

        var startInfo = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList = { "build", options.FunctionProject, "-c", options.Configuration, "-nologo", "-v:q" },
        };
        using var build = Process.Start(startInfo)!;
        var stdout = build.StandardOutput.ReadToEndAsync();
        var stderr = build.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(BuildTimeout);
        try
        {
            await build.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            build.Kill(entireProcessTree: true);
            throw new TimeoutException($"`dotnet build {options.FunctionProject}` did not finish within {BuildTimeout}.");
        }

        if (build.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"`dotnet build {options.FunctionProject} -c {options.Configuration}` failed with exit code " +
                $"{build.ExitCode}:\n{await stdout}\n{await stderr}");
        }
    }

    private static InvalidOperationException NotStarted() =>
        new("The local stack is not running: the fixture was not initialized or is already disposed.");
}
