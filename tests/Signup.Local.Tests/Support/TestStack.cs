using System.Net.Http.Json;
using Amazon.DynamoDBv2;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Signup.DynamoDb;
using Signup.Local.Runtime;

namespace Signup.Local.Tests.Support;

/// <summary>
/// A local stack on free ports with the test template and the test function, its captured output, and an
/// HttpClient for its gateway. DynamoDB Local is off unless the options turn it on.
/// </summary>
internal sealed class TestStack : IAsyncDisposable
{
    public const string FunctionName = "TestFunction";

    private readonly ILoggerFactory _loggerFactory;

    private TestStack(LocalStack stack, OutputCapture output, ILoggerFactory loggerFactory)
    {
        Stack = stack;
        Output = output;
        _loggerFactory = loggerFactory;
        Client = new HttpClient(new SocketsHttpHandler { UseProxy = false, UseCookies = false, AllowAutoRedirect = false })
        {
            BaseAddress = stack.ApiUrl,
        };
    }

    public LocalStack Stack { get; }

    public OutputCapture Output { get; }

    public HttpClient Client { get; }

    public int Port => Stack.Port;

    public FunctionStatus Status => Stack.GetFunctionStatus(FunctionName);

    public static async Task<TestStack> StartAsync(
        CancellationToken cancellationToken, Func<LocalStackOptions, LocalStackOptions>? configure = null)
    {
        var output = new OutputCapture();
        var loggerFactory = LoggerFactory.Create(builder => builder.AddProvider(new CapturingLoggerProvider(output)));
        var options = new LocalStackOptions
        {
            RepositoryRoot = TestPaths.RepositoryRoot,
            TemplatePath = TestPaths.TestTemplate,
            Port = 0,
            DynamoDb = DynamoDbMode.None,
            FunctionLaunch = FunctionLaunch.Jit(TestPaths.TestFunction),
            Output = output,
            LoggerFactory = loggerFactory,
        };
        options = configure?.Invoke(options) ?? options;
        try
        {
            return new TestStack(await LocalStack.StartAsync(options, cancellationToken), output, loggerFactory);
        }
        catch
        {
            loggerFactory.Dispose();
            throw;
        }
    }

    /// <summary>Returns the options with template parameters overridden.</summary>
    public static LocalStackOptions WithParameters(LocalStackOptions options, params (string Name, string Value)[] parameters) =>
        options with
        {
            Template = options.Template with
            {
                ParameterOverrides = parameters.ToDictionary(parameter => parameter.Name, parameter => parameter.Value),
            },
        };

    /// <summary>A client for the stack's DynamoDB Local, patient enough for a busy test machine.</summary>
    public AmazonDynamoDBClient CreateDynamoDbClient()
    {
        var config = DynamoDbClientFactory.CreateConfig(Stack.DynamoDb!.GetEnvironmentVariable);
        config.Timeout = TimeSpan.FromSeconds(30);
        config.MaxErrorRetry = 3;
        return new AmazonDynamoDBClient(config);
    }

    /// <summary>Returns the id of the process that responds to <c>GET /pid</c>.</summary>
    public async Task<int> GetFunctionProcessIdAsync(CancellationToken cancellationToken)
    {
        using var response = await Client.GetAsync("/pid", cancellationToken);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        return body.GetProperty("pid").GetInt32();
    }

    /// <summary>Returns the event the function received for a request, via <c>/echo</c>.</summary>
    public async Task<(HttpResponseMessage Response, JsonElement Event)> EchoAsync(
        HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await Client.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"/echo returned {(int)response.StatusCode}: {body}");
        return (response, JsonDocument.Parse(body).RootElement.Clone());
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Stack.DisposeAsync();
        _loggerFactory.Dispose();
    }
}
