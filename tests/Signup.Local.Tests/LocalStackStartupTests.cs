using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Amazon.DynamoDBv2.Model;
using Signup.Local.Runtime;
using Signup.Local.Tests.Support;

namespace Signup.Local.Tests;

/// <summary>Start-up and shutdown of the whole stack, with DynamoDB Local, as ./run does it.</summary>
public sealed class LocalStackStartupTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Start_InMemory_PrintsEndpointsThenReady()
    {
        await using var stack = await TestStack.StartAsync(Token, options => options with { DynamoDb = DynamoDbMode.InMemory });
        var lines = stack.Output.Lines;

        var page = IndexOf(lines, "Page:     " + stack.Stack.PageUrl);
        var api = IndexOf(lines, "API:      " + stack.Stack.ApiUrl);
        var table = IndexOf(lines, "Table:    TestTable at " + stack.Stack.DynamoDb!.ServiceUrl);
        var function = IndexOf(lines, "Function: JIT (dotnet Signup.Local.TestFunction.dll)");
        var ready = IndexOf(lines, "Ready: " + stack.Stack.PageUrl);

        Assert.True(page >= 0, string.Join('\n', lines));
        Assert.True(page < api, "API line before page line.");
        Assert.True(api < table, "Table line before API line.");
        Assert.True(table < function, "Function line before table line.");
        Assert.True(function < ready, "Ready line before function line.");
        Assert.Single(lines, line => line.StartsWith("Ready:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_InMemory_ProvisionsTables()
    {
        await using var stack = await TestStack.StartAsync(Token, options => options with { DynamoDb = DynamoDbMode.InMemory });
        using var client = stack.CreateDynamoDbClient();

        var tables = await client.ListTablesAsync(new ListTablesRequest(), Token);
        var body = await stack.Client.GetStringAsync("/env?names=DYNAMODB_ENDPOINT", Token);

        Assert.Contains("TestTable", tables.TableNames);
        Assert.Equal(stack.Stack.DynamoDb!.ServiceUrl, JsonDocument.Parse(body).RootElement.GetProperty("DYNAMODB_ENDPOINT").GetString());
        Assert.Null(stack.Stack.DynamoDb.DataDirectory);
    }

    [Fact]
    public async Task Dispose_StopsDynamoDbAndFunctionProcesses()
    {
        var stack = await TestStack.StartAsync(Token, options => options with { DynamoDb = DynamoDbMode.InMemory });
        var functionProcesses = stack.Status.ProcessIds;
        var javaProcesses = ProcessProbe.FindByCommandLine($"-port {stack.Stack.DynamoDb!.Port}");

        await stack.DisposeAsync();

        Assert.NotEmpty(functionProcesses);
        Assert.Single(javaProcesses);
        Assert.All(functionProcesses.Concat(javaProcesses), processId => Assert.False(ProcessProbe.IsRunning(processId)));
    }

    [Fact]
    public async Task Persisted_DataSurvivesRestart()
    {
        var directory = Path.Combine(Path.GetTempPath(), "signup-local-data-" + Guid.NewGuid().ToString("N"));
        try
        {
            LocalStackOptions Configure(LocalStackOptions options) =>
                options with { DynamoDb = DynamoDbMode.Persisted, DataDirectory = directory, WaitUntilReady = false };

            await using (var first = await TestStack.StartAsync(Token, Configure))
            {
                using var client = first.CreateDynamoDbClient();
                await client.PutItemAsync(
                    "TestTable", new Dictionary<string, AttributeValue> { ["pk"] = new("kept") }, Token);
            }

            await using var second = await TestStack.StartAsync(Token, Configure);
            using var secondClient = second.CreateDynamoDbClient();
            var item = await secondClient.GetItemAsync(
                "TestTable", new Dictionary<string, AttributeValue> { ["pk"] = new("kept") }, Token);

            Assert.True(item.IsItemSet);
            Assert.Equal(directory, second.Stack.DynamoDb!.DataDirectory);
            Assert.NotNull(await second.Output.WaitForLineAsync(
                line => line.Contains("Table TestTable: exists", StringComparison.Ordinal), TimeSpan.FromSeconds(1)));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Start_RealTemplate_ServesPageAndRoute()
    {
        await using var stack = await TestStack.StartAsync(Token, options => options with
        {
            TemplatePath = TestPaths.Template,
            DynamoDb = DynamoDbMode.InMemory,
        });
        using var client = stack.CreateDynamoDbClient();

        var table = await client.DescribeTableAsync("UsersTable", Token);
        var ttl = await client.DescribeTimeToLiveAsync("UsersTable", Token);
        using var page = await stack.Client.GetAsync("/", Token);
        using var createUser = await stack.Client.PostAsync("/createUser", new StringContent("{}"), Token);

        Assert.Equal("pk", table.Table.KeySchema.Single().AttributeName);
        Assert.Equal("expiresAt", ttl.TimeToLiveDescription.AttributeName);
        Assert.Equal(200, (int)page.StatusCode);
        Assert.Contains("signup-form", await page.Content.ReadAsStringAsync(Token), StringComparison.Ordinal);
        Assert.Equal(400, (int)createUser.StatusCode);
        Assert.Equal(10, stack.Stack.GetFunctionStatus("CreateUserFunction").MaxConcurrency);
    }

    [Fact]
    public async Task Start_MissingBuild_ThrowsWithBuildCommand()
    {
        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => TestStack.StartAsync(
            Token, options => options with { FunctionLaunch = FunctionLaunch.Jit("/nonexistent/bootstrap.dll") }));

        Assert.Contains("/nonexistent/bootstrap.dll does not exist", exception.Message, StringComparison.Ordinal);
        Assert.Contains("./run", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_PortInUse_Throws()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        await Assert.ThrowsAsync<IOException>(() => TestStack.StartAsync(Token, options => options with { Port = port }));
    }

    private static int IndexOf(IReadOnlyList<string> lines, string prefix)
    {
        for (var i = 0; i < lines.Count; i++)
        {
            if (lines[i].StartsWith(prefix, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
