using Amazon;
using Amazon.DynamoDBv2;
using Amazon.Runtime;

namespace Signup.DynamoDb;

/// <summary>
/// Creates DynamoDB clients from the standard AWS environment variables, plus <c>DYNAMODB_ENDPOINT</c> for a local
/// engine such as DynamoDB Local.
/// </summary>
/// <remarks>
/// The SDK's own retries are off because <see cref="DynamoDbUserStore"/> retries against the caller's deadline,
/// and SDK retries underneath would use up that time without the store knowing.
/// </remarks>
public static class DynamoDbClientFactory
{
    /// <summary>Environment variable with the endpoint URL of a local engine, for example http://127.0.0.1:8000.</summary>
    public const string EndpointVariable = "DYNAMODB_ENDPOINT";

    public const string RegionVariable = "AWS_REGION";
    public const string DefaultRegionVariable = "AWS_DEFAULT_REGION";
    public const string AccessKeyIdVariable = "AWS_ACCESS_KEY_ID";

    /// <summary>Signing region for a local endpoint when no region variable is set. Local engines ignore it.</summary>
    public const string LocalRegion = "us-east-1";

    private static readonly Lazy<AmazonDynamoDBClient> SharedClient = new(
        () => Create(Environment.GetEnvironmentVariable),
        LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Bound on one HTTP request, connecting included: 2 s.</summary>
    public static TimeSpan RequestTimeout { get; } = TimeSpan.FromSeconds(2);

    /// <summary>Bound on opening a connection: 1 s.</summary>
    public static TimeSpan ConnectTimeout { get; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The client of this process, created from the process environment on first use. A client owns a pool of
    /// connections, so one per process is kept for its lifetime.
    /// </summary>
    public static IAmazonDynamoDB Shared => SharedClient.Value;

    /// <summary>Creates a client configured by <see cref="CreateConfig"/>.</summary>
    /// <param name="getEnvironmentVariable">Reads an environment variable, returning null when it is not set.</param>
    public static AmazonDynamoDBClient Create(Func<string, string?> getEnvironmentVariable) =>
        new(CreateConfig(getEnvironmentVariable));

    /// <summary>
    /// Builds the client configuration. With <c>DYNAMODB_ENDPOINT</c> set, requests go to that URL, signed for
    /// <c>AWS_REGION</c> (or <c>AWS_DEFAULT_REGION</c>, or us-east-1), and fixed dummy credentials are used unless
    /// <c>AWS_ACCESS_KEY_ID</c> is set. Otherwise the region variable is required and credentials come from the
    /// SDK's default chain.
    /// </summary>
    /// <param name="getEnvironmentVariable">Reads an environment variable, returning null when it is not set.</param>
    /// <exception cref="InvalidOperationException">The endpoint is not an absolute http(s) URL, or no region is set.</exception>
    public static AmazonDynamoDBConfig CreateConfig(Func<string, string?> getEnvironmentVariable)
    {
        ArgumentNullException.ThrowIfNull(getEnvironmentVariable);

        var config = new AmazonDynamoDBConfig
        {
            MaxErrorRetry = 0,

            // The SDK also retries "stale connection" errors outside MaxErrorRetry, and a request timeout can look
            // like one, which doubles the time a single call takes. The store retries those errors itself.
            MaxStaleConnectionRetries = 0,
            Timeout = RequestTimeout,
            ConnectTimeout = ConnectTimeout,
        };

        var region = NonEmpty(getEnvironmentVariable(RegionVariable))
            ?? NonEmpty(getEnvironmentVariable(DefaultRegionVariable));
        var endpoint = NonEmpty(getEnvironmentVariable(EndpointVariable));
        if (endpoint is null)
        {
            if (region is null)
            {
                throw new InvalidOperationException(
                    $"Neither {RegionVariable} nor {DefaultRegionVariable} is set; set one to the table's AWS region, " +
                    $"or set {EndpointVariable} to use a local engine.");
            }

            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
            return config;
        }

        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var endpointUri)
            || (endpointUri.Scheme != Uri.UriSchemeHttp && endpointUri.Scheme != Uri.UriSchemeHttps))
        {
            throw new InvalidOperationException(
                $"{EndpointVariable} is '{endpoint}', which is not an absolute http or https URL.");
        }

        config.ServiceURL = endpoint;
        config.AuthenticationRegion = region ?? LocalRegion;
        if (NonEmpty(getEnvironmentVariable(AccessKeyIdVariable)) is null)
        {
            // Local engines accept any key. Without one, the default chain would go on to probe the EC2 instance
            // metadata service, which is slow to fail outside AWS.
            config.DefaultAWSCredentials = new BasicAWSCredentials("local", "local");
        }

        return config;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
