using Signup.Local.Runtime;
using Signup.Local.Template;

namespace Signup.Local;

/// <summary>How <see cref="LocalStack.StartAsync"/> runs the stack. The defaults suit tests; <c>./run</c> sets the rest.</summary>
public sealed record LocalStackOptions
{
    /// <summary>The checkout, or null to find it above the running binaries or the current directory.</summary>
    public string? RepositoryRoot { get; init; }

    /// <summary>SAM template, or null for <c>template.yaml</c> in the checkout.</summary>
    public string? TemplatePath { get; init; }

    /// <summary>Directory of the sign-up page, or null for <c>web/</c> in the checkout.</summary>
    public string? SiteRoot { get; init; }

    /// <summary>Gateway port on 127.0.0.1 and ::1; 0 picks a free port on 127.0.0.1 only.</summary>
    public int Port { get; init; }

    /// <summary>Where DynamoDB Local keeps its data, or whether it runs at all.</summary>
    public DynamoDbMode DynamoDb { get; init; } = DynamoDbMode.InMemory;

    /// <summary>DynamoDB Local's port on 127.0.0.1, or 0 for a free one.</summary>
    public int DynamoDbPort { get; init; }

    /// <summary>Data directory for <see cref="DynamoDbMode.Persisted"/>, or null for <c>.data/dynamodb</c> in the checkout.</summary>
    public string? DataDirectory { get; init; }

    /// <summary>
    /// Which build of the functions runs, when <see cref="FunctionLaunch"/> is null: the JIT build of
    /// <see cref="FunctionProject"/> or the Native AOT executable in <see cref="AotDirectory"/>.
    /// </summary>
    public FunctionMode FunctionMode { get; init; } = FunctionMode.Jit;

    /// <summary>Project directory of the function, relative to the checkout, for <see cref="FunctionMode.Jit"/>.</summary>
    public string FunctionProject { get; init; } = "src/Signup.Function";

    /// <summary>Build configuration whose output <see cref="FunctionMode.Jit"/> runs.</summary>
    public string Configuration { get; init; } = "Release";

    /// <summary>Publish directory of the Native AOT build, relative to the checkout.</summary>
    public string AotDirectory { get; init; } = "artifacts/aot";

    /// <summary>A launch used for every function instead of the one <see cref="FunctionMode"/> selects.</summary>
    public FunctionLaunch? FunctionLaunch { get; init; }

    /// <summary>Variables added to every function process; they win over the template's and the stack's.</summary>
    public IReadOnlyDictionary<string, string> FunctionEnvironment { get; init; } =
        new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Parameter overrides, table names and the local account and region.</summary>
    public TemplateReaderOptions Template { get; init; } = new();

    /// <summary>Time after which an idle function process is stopped.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Time a new function process has to ask for its first event; Lambda allows 10 s.</summary>
    public TimeSpan InitTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Maximum number of processes of a function that reserves no concurrency.</summary>
    public int DefaultConcurrency { get; init; } = 10;

    /// <summary>Whether start-up waits until the page and every function respond before it reports ready.</summary>
    public bool WaitUntilReady { get; init; } = true;

    /// <summary>How long start-up waits for the page and the functions to respond.</summary>
    public TimeSpan ReadyTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Console for the start-up lines, access logs and function output; null for standard output.</summary>
    public TextWriter? Output { get; init; }

    /// <summary>Logging for the stack's own messages; null for single-line console logging.</summary>
    public ILoggerFactory? LoggerFactory { get; init; }

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}

/// <summary>Which build of the functions the stack runs.</summary>
public enum FunctionMode
{
    /// <summary>The framework-dependent build, run with <c>dotnet</c>.</summary>
    Jit,

    /// <summary>The Native AOT <c>bootstrap</c> executable, as deployed.</summary>
    Aot,
}

/// <summary>Where DynamoDB Local keeps its data.</summary>
public enum DynamoDbMode
{
    /// <summary>In memory: every start begins with empty tables.</summary>
    InMemory,

    /// <summary>In a data directory, so that users survive a restart.</summary>
    Persisted,

    /// <summary>No DynamoDB Local: the functions get no <c>DYNAMODB_ENDPOINT</c>.</summary>
    None,
}
