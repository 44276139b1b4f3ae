using Signup.DynamoDb;
using Signup.Local;
using Signup.Local.Storage;

namespace Signup.Reliability.Tests.Support;

/// <summary>The stack that the race, load, crash and malformed-request tests share, with DynamoDB Local in memory.</summary>
public sealed class SharedStack(SuiteLog suiteLog) : ReliabilityStack(suiteLog);

/// <summary>
/// A stack whose function reaches DynamoDB Local through a <see cref="DelayProxy"/>, so that a test can make the
/// database slow or unreachable for the function while the test's own reads go to it directly.
/// </summary>
public abstract class ProxiedStack(SuiteLog suiteLog) : ReliabilityStack(suiteLog)
{
    private DelayProxy? _proxy;

    public DelayProxy Proxy => _proxy ?? throw new InvalidOperationException("The proxy has not started.");

    protected override ValueTask<LocalStackOptions> ConfigureAsync(LocalStackOptions options)
    {
        var dynamoDbPort = DynamoDbLocal.FindFreePort();
        _proxy = new DelayProxy(dynamoDbPort);
        return ValueTask.FromResult(options with
        {
            DynamoDbPort = dynamoDbPort,
            FunctionEnvironment = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                [DynamoDbClientFactory.EndpointVariable] = _proxy.Url,
            },
        });
    }

    protected override async ValueTask OnStoppedAsync()
    {
        if (_proxy is not null)
        {
            await _proxy.DisposeAsync();
        }
    }
}

/// <summary>A proxied stack whose DynamoDB Local keeps its data in a temporary directory, so that a restart loses nothing.</summary>
public sealed class PersistedStack(SuiteLog suiteLog) : ProxiedStack(suiteLog)
{
    private readonly DirectoryInfo _dataDirectory = Directory.CreateTempSubdirectory("signup-reliability-");

    protected override async ValueTask<LocalStackOptions> ConfigureAsync(LocalStackOptions options)
    {
        var proxied = await base.ConfigureAsync(options);
        return proxied with { DynamoDb = DynamoDbMode.Persisted, DataDirectory = _dataDirectory.FullName };
    }

    protected override async ValueTask OnStoppedAsync()
    {
        await base.OnStoppedAsync();
        _dataDirectory.Delete(recursive: true);
    }
}

/// <summary>A proxied stack with DynamoDB Local in memory, for slow-database tests.</summary>
public sealed class SlowDatabaseStack(SuiteLog suiteLog) : ProxiedStack(suiteLog);
