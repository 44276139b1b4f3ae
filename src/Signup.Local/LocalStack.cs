using System.Globalization;
using System.Text;
using Amazon.DynamoDBv2;
using Signup.DynamoDb;
using Signup.Local.Gateway;
using Signup.Local.Runtime;
using Signup.Local.Storage;
using Signup.Local.Template;

namespace Signup.Local;

/// <summary>
/// Signup's local stack: DynamoDB Local with the template's tables, the Lambda Runtime API with a pool of real
/// function processes, and the HTTP API gateway that also serves the sign-up page. <c>./run</c>, the end-to-end
/// tests and the benchmarks all start it through <see cref="StartAsync"/>.
/// </summary>
public sealed class LocalStack : IAsyncDisposable
{
    /// <summary>Target framework of the function's JIT build, part of its output path.</summary>
    private const string TargetFramework = "net10.0";

    private static readonly TimeSpan ProbeRetryDelay = TimeSpan.FromMilliseconds(250);

    private readonly List<IAsyncDisposable> _resources = [];
    private readonly Dictionary<string, FunctionPool> _pools = new(StringComparer.Ordinal);
    private readonly Action<string> _writeLine;
    private readonly ILogger _logger;
    private readonly ILoggerFactory? _ownedLoggerFactory;
    private int _disposed;

    private LocalStack(
        LocalStackConfiguration configuration, Action<string> writeLine, ILoggerFactory? ownedLoggerFactory, ILogger logger)
    {
        Configuration = configuration;
        _writeLine = writeLine;
        _ownedLoggerFactory = ownedLoggerFactory;
        _logger = logger;
    }

    /// <summary>URL of the sign-up page, such as <c>http://localhost:8080/</c>.</summary>
    public Uri PageUrl { get; private set; } = null!;

    /// <summary>Base URL of the HTTP API, whose routes hang off the root as on the <c>$default</c> stage.</summary>
    public Uri ApiUrl { get; private set; } = null!;

    /// <summary>Port of the gateway.</summary>
    public int Port { get; private set; }

    /// <summary>The running DynamoDB Local, or null with <see cref="DynamoDbMode.None"/>.</summary>
    public DynamoDbLocal? DynamoDb { get; private set; }

    /// <summary>The template as the stack read it.</summary>
    public LocalStackConfiguration Configuration { get; }

    /// <summary>How the functions run, such as <c>JIT (dotnet bootstrap.dll)</c>.</summary>
    public string FunctionMode { get; private set; } = string.Empty;

    /// <summary>Returns the processes and counters of function <paramref name="functionName"/> (its logical id).</summary>
    /// <exception cref="KeyNotFoundException">The template defines no such function.</exception>
    public FunctionStatus GetFunctionStatus(string functionName) => _pools[functionName].GetStatus();

    /// <summary>
    /// Starts the stack: DynamoDB Local and the template's tables, the Runtime API, the function pools and the
    /// gateway. It prints the page URL, the API URL, the tables and the function mode; then, unless
    /// <see cref="LocalStackOptions.WaitUntilReady"/> is off, it waits until the page and a request to each
    /// function get a response, and prints a line that starts with <c>Ready:</c> and the page URL.
    /// </summary>
    /// <exception cref="TemplateException">The template cannot be run.</exception>
    /// <exception cref="InvalidOperationException">A build, Java or the npm packages are missing, or a part failed to start.</exception>
    /// <exception cref="TimeoutException">The page or a function did not respond within the ready timeout.</exception>
    /// <exception cref="IOException">The gateway port is taken.</exception>
    public static async Task<LocalStack> StartAsync(LocalStackOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var root = Path.GetFullPath(options.RepositoryRoot ?? RepositoryRoot.Find());
        var output = TextWriter.Synchronized(options.Output ?? Console.Out);
        var ownedLoggerFactory = options.LoggerFactory is null ? CreateConsoleLoggerFactory() : null;
        var loggerFactory = options.LoggerFactory ?? ownedLoggerFactory!;
        var logger = loggerFactory.CreateLogger<LocalStack>();

        var templatePath = options.TemplatePath ?? Path.Combine(root, "template.yaml");
        var configuration = TemplateReader.ReadFile(templatePath, options.Template);
        foreach (var warning in configuration.Warnings)
        {
            LocalStackLog.TemplateWarning(logger, warning);
        }

        var stack = new LocalStack(configuration, output.WriteLine, ownedLoggerFactory, logger);
        try
        {
            await stack.StartPartsAsync(options, root, loggerFactory, cancellationToken).ConfigureAwait(false);
            stack.PrintEndpoints();
            if (options.WaitUntilReady)
            {
                await stack.WaitUntilReadyAsync(options, root, cancellationToken).ConfigureAwait(false);
                output.WriteLine($"Ready: {stack.PageUrl}");
            }

            return stack;
        }
        catch
        {
            await stack.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Stops the gateway, every function process, the Runtime API and DynamoDB Local, in that order.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        LocalStackLog.Stopping(_logger);
        for (var i = _resources.Count - 1; i >= 0; i--)
        {
            await _resources[i].DisposeAsync().ConfigureAwait(false);
        }

        _ownedLoggerFactory?.Dispose();
    }

    private static ILoggerFactory CreateConsoleLoggerFactory() =>
        Microsoft.Extensions.Logging.LoggerFactory.Create(builder => builder
            .SetMinimumLevel(LogLevel.Information)
            .AddFilter("Microsoft", LogLevel.Warning)
            .AddSimpleConsole(console =>
            {
                console.SingleLine = true;
                console.TimestampFormat = "HH:mm:ss ";
            }));

    private async Task StartPartsAsync(
        LocalStackOptions options, string root, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var launches = Configuration.Functions.ToDictionary(
            function => function.LogicalId, function => ResolveLaunch(options, root, function), StringComparer.Ordinal);
        FunctionMode = string.Join(", ", launches.Values.Select(launch => launch.Description).Distinct());

        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            // Dummy credentials, so that the AWS SDK never looks for real ones; DynamoDB Local accepts any.
            ["AWS_ACCESS_KEY_ID"] = "local",
            ["AWS_SECRET_ACCESS_KEY"] = "local",
            ["AWS_SESSION_TOKEN"] = "local",

            // Marks the process as local, which a benchmark's minimum-hash setting requires; no deployment sets it.
            [Signup.Core.Argon2idOptions.LocalStackVariable] = "1",
        };
        // DynamoDB Local's JVM takes seconds to start, so it starts first and the rest of the stack, the first
        // function processes included, comes up meanwhile. Its port is chosen now because the processes need it.
        Task<DynamoDbLocal>? dynamoDbStart = null;
        if (options.DynamoDb != DynamoDbMode.None)
        {
            var port = options.DynamoDbPort != 0 ? options.DynamoDbPort : DynamoDbLocal.FindFreePort();
            dynamoDbStart = StartDynamoDbAsync(options, root, port, cancellationToken);
            environment[DynamoDbClientFactory.EndpointVariable] =
                string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}");
        }

        var functionsStart = StartFunctionsAndGatewayAsync(options, root, loggerFactory, launches, environment, cancellationToken);
        try
        {
            // Both are awaited even when one fails, so that DisposeAsync finds everything that did start.
            await Task.WhenAll(dynamoDbStart is null ? [functionsStart] : [functionsStart, dynamoDbStart])
                .ConfigureAwait(false);
        }
        finally
        {
            if (dynamoDbStart is { IsCompletedSuccessfully: true })
            {
                DynamoDb = dynamoDbStart.Result;

                // First in, last out: the functions may use DynamoDB until they stop.
                _resources.Insert(0, DynamoDb);
            }
        }
    }

    private async Task StartFunctionsAndGatewayAsync(
        LocalStackOptions options,
        string root,
        ILoggerFactory loggerFactory,
        Dictionary<string, FunctionLaunch> launches,
        Dictionary<string, string> environment,
        CancellationToken cancellationToken)
    {

        foreach (var (name, value) in options.FunctionEnvironment)
        {
            environment[name] = value;
        }

        var server = await RuntimeApiServer.StartAsync(
                loggerFactory, options.Template.Region, options.Template.AccountId, cancellationToken)
            .ConfigureAwait(false);
        _resources.Add(server);

        var poolOptions = new FunctionPoolOptions
        {
            RuntimeApiEndpoint = server.Endpoint,
            Environment = environment,
            Region = options.Template.Region,
            AccountId = options.Template.AccountId,
            IdleTimeout = options.IdleTimeout,
            InitTimeout = options.InitTimeout,
            DefaultConcurrency = options.DefaultConcurrency,
        };
        var poolLogger = loggerFactory.CreateLogger<FunctionPool>();
        foreach (var function in Configuration.Functions)
        {
            var pool = new FunctionPool(
                function, launches[function.LogicalId], poolOptions, server, _writeLine, poolLogger, options.TimeProvider);
            _pools[function.LogicalId] = pool;
            _resources.Add(pool);
        }

        var gateway = await HttpApiGateway.StartAsync(
                new GatewayOptions
                {
                    Port = options.Port,
                    AccountId = options.Template.AccountId,
                    SiteRoot = options.SiteRoot ?? Path.Combine(root, "web"),
                    AccessLog = _writeLine,
                },
                Configuration.HttpApis,
                name => _pools[name],
                loggerFactory,
                options.TimeProvider,
                cancellationToken)
            .ConfigureAwait(false);
        _resources.Add(gateway);
        Port = gateway.Port;

        // With a fixed port the gateway listens on both loopback addresses, so the friendlier name works.
        var host = options.Port == 0 ? "127.0.0.1" : "localhost";
        PageUrl = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://{host}:{Port}/"));
        ApiUrl = PageUrl;

        if (options.WaitUntilReady)
        {
            // The readiness probe invokes every function at once anyway; starting them now overlaps their init
            // with DynamoDB Local's start.
            foreach (var pool in _pools.Values)
            {
                pool.StartWarmInstance();
            }
        }
    }

    private async Task<DynamoDbLocal> StartDynamoDbAsync(
        LocalStackOptions options, string root, int port, CancellationToken cancellationToken)
    {
        var persisted = options.DynamoDb == DynamoDbMode.Persisted;
        var dynamoDb = await DynamoDbLocal.StartAsync(
                new DynamoDbLocalOptions
                {
                    RepositoryRoot = root,
                    Port = port,
                    DataDirectory = persisted ? options.DataDirectory ?? Path.Combine(root, ".data", "dynamodb") : null,
                },
                cancellationToken)
            .ConfigureAwait(false);
        LocalStackLog.DynamoDbStarted(_logger, dynamoDb.ServiceUrl, dynamoDb.DataDirectory ?? "in memory");
        try
        {
            using var client = CreateProvisioningClient(dynamoDb);
            foreach (var table in Configuration.Tables)
            {
                var created = await TableProvisioner.CreateIfAbsentAsync(client, table, cancellationToken)
                    .ConfigureAwait(false);
                LocalStackLog.TableReady(_logger, table.TableName, created ? "created" : "exists");
            }
        }
        catch
        {
            await dynamoDb.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return dynamoDb;
    }

    // The function's client settings (2 s per request, no retries) suit a request path, not start-up on a busy
    // laptop, where a JVM that has just started can be slow to respond to its first requests.
    private static AmazonDynamoDBClient CreateProvisioningClient(DynamoDbLocal dynamoDb)
    {
        var config = DynamoDbClientFactory.CreateConfig(dynamoDb.GetEnvironmentVariable);
        config.Timeout = TimeSpan.FromSeconds(30);
        config.MaxErrorRetry = 3;
        return new AmazonDynamoDBClient(config);
    }

    private static FunctionLaunch ResolveLaunch(LocalStackOptions options, string root, FunctionDefinition function)
    {
        var launch = options.FunctionLaunch ?? (options.FunctionMode == Local.FunctionMode.Aot
            ? FunctionLaunch.Native(Path.Combine(root, options.AotDirectory, function.Handler))
            : FunctionLaunch.Jit(Path.Combine(
                root, options.FunctionProject, "bin", options.Configuration, TargetFramework, function.Handler + ".dll")));
        if (!File.Exists(launch.EntryFile))
        {
            var build = options.FunctionMode == Local.FunctionMode.Aot
                ? $"dotnet publish {options.FunctionProject} -c Release -r linux-x64 -p:PublishAot=true -o {options.AotDirectory}"
                : $"dotnet build {options.FunctionProject} -c {options.Configuration}";
            throw new InvalidOperationException(
                $"The build of function {function.LogicalId} is missing: {launch.EntryFile} does not exist. " +
                $"Build it with `{build}` in {root}, or start the stack with ./run, which builds it.");
        }

        return launch;
    }

    private void PrintEndpoints()
    {
        var routes = string.Join(", ", Configuration.HttpApis.SelectMany(api => api.Routes).Select(route => route.RouteKey));
        var tables = DynamoDb is null
            ? "none (DynamoDB Local is off)"
            : string.Join(", ", Configuration.Tables.Select(table => table.TableName))
                + $" at {DynamoDb.ServiceUrl} ({(DynamoDb.DataDirectory is { } directory ? "data in " + directory : "in memory")})";
        _writeLine($"Page:     {PageUrl}");
        _writeLine($"API:      {ApiUrl} ({routes})");
        _writeLine($"Table:    {tables}");
        _writeLine($"Function: {FunctionMode}");
    }

    // Ready means: the page loads, and each function responds to a request through the gateway with less than 500,
    // which only a running function process can do. An empty JSON object is a request the real function rejects
    // with 400 before it touches DynamoDB.
    private async Task WaitUntilReadyAsync(LocalStackOptions options, string root, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.ReadyTimeout);
        // No proxy: an HTTP_PROXY meant for the internet must not capture requests to 127.0.0.1.
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false })
        {
            BaseAddress = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{Port}/")),
        };
        try
        {
            var siteRoot = options.SiteRoot ?? Path.Combine(root, "web");
            if (File.Exists(Path.Combine(siteRoot, "index.html")))
            {
                await ProbeAsync(client, HttpMethod.Get, "/", content: null, accept: status => status == 200, timeout.Token)
                    .ConfigureAwait(false);
            }

            foreach (var function in Configuration.Functions)
            {
                var route = Configuration.HttpApis
                    .SelectMany(api => api.Routes)
                    .FirstOrDefault(candidate => candidate.FunctionLogicalId == function.LogicalId);
                if (route is null)
                {
                    continue;
                }

                var path = route.Path == RouteDefinition.DefaultPath
                    ? "/"
                    : System.Text.RegularExpressions.Regex.Replace(route.Path, "{[^}]+}", "probe");
                var method = route.Method == "ANY" ? HttpMethod.Post : new HttpMethod(route.Method);
                await ProbeAsync(client, method, path, "{}", status => status < 500, timeout.Token, function.LogicalId)
                    .ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException(
                $"The local stack did not become ready within {options.ReadyTimeout.TotalSeconds:0} s; " +
                "see the function output above.");
        }
    }

    private async Task ProbeAsync(
        HttpClient client,
        HttpMethod method,
        string path,
        string? content,
        Func<int, bool> accept,
        CancellationToken cancellationToken,
        string? functionName = null)
    {
        const int MaxFunctionStarts = 3;
        while (true)
        {
            using var request = new HttpRequestMessage(method, path);
            if (content is not null)
            {
                request.Content = new StringContent(content, Encoding.UTF8, "application/json");
            }

            using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (accept(status))
            {
                return;
            }

            if (functionName is not null && _pools[functionName].GetStatus().StartedCount >= MaxFunctionStarts)
            {
                throw new InvalidOperationException(
                    $"Function {functionName} returned status {status} to {method} {path} after " +
                    $"{MaxFunctionStarts} process starts; see its output above.");
            }

            LocalStackLog.ProbeRetry(_logger, method.Method, path, status);
            await Task.Delay(ProbeRetryDelay, cancellationToken).ConfigureAwait(false);
        }
    }
}
