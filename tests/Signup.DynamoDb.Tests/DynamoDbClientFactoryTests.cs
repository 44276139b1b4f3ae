using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Amazon;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Signup.Local.Storage;

namespace Signup.DynamoDb.Tests;

public sealed class DynamoDbClientFactoryTests
{
    [Fact]
    public void CreateConfig_Endpoint_SetsServiceUrl()
    {
        var config = DynamoDbClientFactory.CreateConfig(Variables(("DYNAMODB_ENDPOINT", "http://127.0.0.1:8000")));

        Assert.Equal(new Uri("http://127.0.0.1:8000"), new Uri(config.ServiceURL));
        Assert.Null(config.RegionEndpoint);
    }

    [Theory]
    [InlineData("eu-west-1", null, "eu-west-1")]
    [InlineData(null, "ap-south-1", "ap-south-1")]
    [InlineData("eu-west-1", "ap-south-1", "eu-west-1")]
    [InlineData(null, null, "us-east-1")]
    public void CreateConfig_Endpoint_SignsForRegion(string? region, string? defaultRegion, string expected)
    {
        var config = DynamoDbClientFactory.CreateConfig(Variables(
            ("DYNAMODB_ENDPOINT", "http://localhost:8000"),
            ("AWS_REGION", region),
            ("AWS_DEFAULT_REGION", defaultRegion)));

        Assert.Equal(expected, config.AuthenticationRegion);
    }

    [Fact]
    public void CreateConfig_EndpointWithoutKeys_UsesDummyCredentials()
    {
        var config = DynamoDbClientFactory.CreateConfig(Variables(("DYNAMODB_ENDPOINT", "http://localhost:8000")));

        var credentials = Assert.IsType<BasicAWSCredentials>(config.DefaultAWSCredentials);
        Assert.Equal("local", credentials.GetCredentials().AccessKey);
    }

    [Fact]
    public void CreateConfig_EndpointWithKeys_LeavesCredentialsToSdk()
    {
        var config = DynamoDbClientFactory.CreateConfig(Variables(
            ("DYNAMODB_ENDPOINT", "http://localhost:8000"),
            ("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")));

        Assert.Null(config.DefaultAWSCredentials);
    }

    [Theory]
    [InlineData("eu-central-1", null, "eu-central-1")]
    [InlineData(null, "us-west-2", "us-west-2")]
    [InlineData("eu-central-1", "us-west-2", "eu-central-1")]
    public void CreateConfig_NoEndpoint_UsesRegion(string? region, string? defaultRegion, string expected)
    {
        var config = DynamoDbClientFactory.CreateConfig(Variables(
            ("AWS_REGION", region),
            ("AWS_DEFAULT_REGION", defaultRegion)));

        Assert.Equal(RegionEndpoint.GetBySystemName(expected), config.RegionEndpoint);
        Assert.Null(config.ServiceURL);
        Assert.Null(config.DefaultAWSCredentials);
    }

    [Fact]
    public void CreateConfig_NoEndpointNoRegion_Throws()
    {
        var exception = Assert.Throws<InvalidOperationException>(
            () => DynamoDbClientFactory.CreateConfig(Variables(("AWS_REGION", " "))));

        Assert.Contains("AWS_REGION", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("localhost:8000")]
    [InlineData("not a url")]
    [InlineData("ftp://127.0.0.1:8000")]
    public void CreateConfig_InvalidEndpoint_Throws(string endpoint)
    {
        var exception = Assert.Throws<InvalidOperationException>(
            () => DynamoDbClientFactory.CreateConfig(Variables(("DYNAMODB_ENDPOINT", endpoint))));

        Assert.Contains(endpoint, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateConfig_Always_DisablesSdkRetries()
    {
        var config = DynamoDbClientFactory.CreateConfig(Variables(("AWS_REGION", "eu-west-1")));

        Assert.Equal(0, config.MaxErrorRetry);
        Assert.Equal(0, config.MaxStaleConnectionRetries);
    }

    [Fact]
    public void CreateConfig_Always_SetsTimeouts()
    {
        var config = DynamoDbClientFactory.CreateConfig(Variables(("AWS_REGION", "eu-west-1")));

        Assert.Equal(TimeSpan.FromSeconds(2), config.Timeout);
        Assert.Equal(TimeSpan.FromSeconds(1), config.ConnectTimeout);
    }

    [Fact]
    public async Task Create_SilentServer_TimesOutWithoutRetry()
    {
        // Accepts connections and never responds, so only the client's own timeout ends the request.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var stopAccepting = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var connections = new List<Socket>();
        var accepting = AcceptAllAsync(listener, connections, stopAccepting.Token);
        var endpoint = string.Create(
            CultureInfo.InvariantCulture,
            $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}");
        using var client = DynamoDbClientFactory.Create(Variables(("DYNAMODB_ENDPOINT", endpoint)));
        var stopwatch = Stopwatch.StartNew();

        var exception = await Record.ExceptionAsync(
            () => client.ListTablesAsync(new ListTablesRequest(), TestContext.Current.CancellationToken));

        stopwatch.Stop();

        // Cancel the accept loop before stopping the listener, so closing the socket cannot fail a pending accept.
        await stopAccepting.CancelAsync();
        await accepting;
        listener.Stop();
        connections.ForEach(connection => connection.Dispose());

        // Depending on timing the SDK raises a TimeoutException or the socket error of the aborted read.
        Assert.NotNull(exception);
        Assert.True(
            TransientFaults.IsTransient(exception, TestContext.Current.CancellationToken),
            $"Not retried by the store: {exception}");
        Assert.Single(connections);
        Assert.InRange(stopwatch.Elapsed, TimeSpan.FromSeconds(1.9), TimeSpan.FromSeconds(3.5));
    }

    [Fact]
    [Trait("Category", "Integration")]
    public async Task Create_DynamoDbLocalEndpoint_ListsTables()
    {
        await using var server = await DynamoDbLocal.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        using var client = DynamoDbClientFactory.Create(server.GetEnvironmentVariable);
        await UsersTable.CreateTableIfAbsentAsync(client, "users", TestContext.Current.CancellationToken);

        var response = await client.ListTablesAsync(new ListTablesRequest(), TestContext.Current.CancellationToken);

        Assert.Equal(["users"], response.TableNames);
    }

    // Collects connections until the token is cancelled, keeping them open so the server stays silent, not closed.
    private static async Task AcceptAllAsync(TcpListener listener, List<Socket> connections, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                var connection = await listener.AcceptSocketAsync(cancellationToken);
                lock (connections)
                {
                    connections.Add(connection);
                }
            }
        }
        catch (Exception exception) when (
            (exception is OperationCanceledException or SocketException) && cancellationToken.IsCancellationRequested)
        {
            // Cancelling a pending accept normally raises OperationCanceledException. A SocketException
            // (OperationAborted) is accepted too, as long as it follows the cancellation.
        }
    }

    private static Func<string, string?> Variables(params (string Name, string? Value)[] variables) =>
        name => variables.FirstOrDefault(variable => variable.Name == name).Value;
}
