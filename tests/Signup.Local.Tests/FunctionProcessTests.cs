using System.Globalization;
using System.Text.Json;
using Signup.Local.Tests.Support;

namespace Signup.Local.Tests;

/// <summary>
/// The process pool behind the Runtime API: timeouts, crashes, init errors, concurrency, reuse and idle stops. Each
/// test gets its own stack, so that process counts are its own.
/// </summary>
public sealed class FunctionProcessTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Timeout_Returns503AndKillsProcess()
    {
        await using var stack = await TestStack.StartAsync(Token);
        var before = await stack.GetFunctionProcessIdAsync(Token);

        // The test function's timeout is 2 s.
        using var response = await stack.Client.GetAsync("/sleep?ms=8000", Token);

        await GatewayResponseMappingTests.AssertGatewayErrorAsync(response, 503, "Service Unavailable");
        Assert.True(await ProcessProbe.WaitUntilGoneAsync(before, TimeSpan.FromSeconds(5)), "The timed-out process still runs.");
        var after = await stack.GetFunctionProcessIdAsync(Token);
        Assert.NotEqual(before, after);
        Assert.NotNull(await stack.Output.WaitForLineAsync(
            line => line.Contains("timed out after 2 s", StringComparison.Ordinal), TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Timeout_KillsWholeProcessTree()
    {
        await using var stack = await TestStack.StartAsync(Token);
        var pidFile = Path.Combine(Path.GetTempPath(), "signup-local-child-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var response = await stack.Client.GetAsync($"/sleep-tree?ms=8000&pidFile={Uri.EscapeDataString(pidFile)}", Token);
            var child = int.Parse(await File.ReadAllTextAsync(pidFile, Token), CultureInfo.InvariantCulture);

            Assert.Equal(503, (int)response.StatusCode);
            Assert.True(await ProcessProbe.WaitUntilGoneAsync(child, TimeSpan.FromSeconds(5)), "The function's child still runs.");
        }
        finally
        {
            File.Delete(pidFile);
        }
    }

    [Fact]
    public async Task IntegrationTimeout_Returns503AndKeepsProcess()
    {
        await using var stack = await TestStack.StartAsync(Token);
        var before = await stack.GetFunctionProcessIdAsync(Token);

        // The route's TimeoutInMillis is 1000; the function finishes after 1.5 s, within its own 2 s.
        using var response = await stack.Client.GetAsync("/sleep-integration?ms=1500", Token);
        await Task.Delay(TimeSpan.FromSeconds(1), Token);

        await GatewayResponseMappingTests.AssertGatewayErrorAsync(response, 503, "Service Unavailable");
        Assert.Equal(before, await stack.GetFunctionProcessIdAsync(Token));
        Assert.Equal(1, stack.Status.StartedCount);
    }

    [Theory]
    [InlineData("/crash?code=3")]
    [InlineData("/failfast")]
    public async Task Crash_FailsOnlyThatRequest(string path)
    {
        await using var stack = await TestStack.StartAsync(Token);
        var before = await stack.GetFunctionProcessIdAsync(Token);

        using var crashed = await stack.Client.PostAsync(path, new StringContent("{}"), Token);
        var after = await stack.GetFunctionProcessIdAsync(Token);

        await GatewayResponseMappingTests.AssertGatewayErrorAsync(crashed, 500, "Internal Server Error");
        Assert.NotEqual(before, after);
        Assert.False(ProcessProbe.IsRunning(before));
        Assert.Equal([after], stack.Status.ProcessIds);
    }

    [Fact]
    public async Task Crash_OtherInFlightRequests_Succeed()
    {
        await using var stack = await TestStack.StartAsync(Token);

        var slow = stack.Client.GetAsync("/sleep?ms=1000", Token);
        await Task.Delay(200, Token);
        using var crashed = await stack.Client.PostAsync("/crash", new StringContent("{}"), Token);
        using var slowResponse = await slow;

        Assert.Equal(500, (int)crashed.StatusCode);
        Assert.Equal(200, (int)slowResponse.StatusCode);
    }

    [Fact]
    public async Task InitError_Returns500AndDropsProcess()
    {
        await using var stack = await TestStack.StartAsync(Token, options => options with
        {
            WaitUntilReady = false,
            FunctionEnvironment = new Dictionary<string, string> { ["TEST_FUNCTION_INIT"] = "fail" },
        });

        using var response = await stack.Client.GetAsync("/pid", Token);

        await GatewayResponseMappingTests.AssertGatewayErrorAsync(response, 500, "Internal Server Error");
        Assert.NotNull(await stack.Output.WaitForLineAsync(
            line => line.Contains("reported an init error of type InvalidOperationException", StringComparison.Ordinal),
            TimeSpan.FromSeconds(5)));
        await WaitUntilAsync(() => stack.Status.ProcessIds.Count == 0, TimeSpan.FromSeconds(5));
        Assert.Empty(stack.Status.ProcessIds);
    }

    [Fact]
    public async Task InitExit_Returns500()
    {
        await using var stack = await TestStack.StartAsync(Token, options => options with
        {
            WaitUntilReady = false,
            FunctionEnvironment = new Dictionary<string, string> { ["TEST_FUNCTION_INIT"] = "exit" },
        });

        using var response = await stack.Client.GetAsync("/pid", Token);

        await GatewayResponseMappingTests.AssertGatewayErrorAsync(response, 500, "Internal Server Error");
    }

    [Fact]
    public async Task InitTooSlow_Returns503()
    {
        await using var stack = await TestStack.StartAsync(Token, options => options with
        {
            WaitUntilReady = false,
            InitTimeout = TimeSpan.FromSeconds(1),
            FunctionEnvironment = new Dictionary<string, string> { ["TEST_FUNCTION_INIT"] = "sleep:10000" },
        });

        using var response = await stack.Client.GetAsync("/pid", Token);

        await GatewayResponseMappingTests.AssertGatewayErrorAsync(response, 503, "Service Unavailable");
        await WaitUntilAsync(() => stack.Status.ProcessIds.Count == 0, TimeSpan.FromSeconds(5));
        Assert.Empty(stack.Status.ProcessIds);
    }

    [Fact]
    public async Task Concurrency_ParallelRequests_UseAtMostReservedProcesses()
    {
        await using var stack = await TestStack.StartAsync(Token);

        // Eight requests of 600 ms each against a reserved concurrency of 3.
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => stack.Client.GetAsync("/sleep?ms=600", Token)));
        var status = stack.Status;

        Assert.All(responses, response => Assert.Equal(200, (int)response.StatusCode));
        Assert.Equal(3, status.MaxConcurrency);
        Assert.Equal(3, status.StartedCount);
        Assert.Equal(3, status.ProcessIds.Count);
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task Sequential_Requests_ReuseWarmProcess()
    {
        await using var stack = await TestStack.StartAsync(Token);

        var processIds = new HashSet<int>();
        for (var i = 0; i < 5; i++)
        {
            processIds.Add(await stack.GetFunctionProcessIdAsync(Token));
        }

        Assert.Single(processIds);
        Assert.Equal(1, stack.Status.StartedCount);
    }

    [Fact]
    public async Task Idle_ProcessIsStoppedAfterIdleTimeout()
    {
        await using var stack = await TestStack.StartAsync(Token, options => options with { IdleTimeout = TimeSpan.FromSeconds(1) });
        var processId = await stack.GetFunctionProcessIdAsync(Token);

        await WaitUntilAsync(() => stack.Status.ProcessIds.Count == 0, TimeSpan.FromSeconds(10));

        Assert.Empty(stack.Status.ProcessIds);
        Assert.True(await ProcessProbe.WaitUntilGoneAsync(processId, TimeSpan.FromSeconds(5)), "The idle process still runs.");
        Assert.NotNull(await stack.Output.WaitForLineAsync(
            line => line.Contains("s idle", StringComparison.Ordinal), TimeSpan.FromSeconds(5)));
        Assert.NotEqual(processId, await stack.GetFunctionProcessIdAsync(Token));
    }

    [Fact]
    public async Task Start_IsLoggedWithInitTime()
    {
        await using var stack = await TestStack.StartAsync(Token);

        var line = await stack.Output.WaitForLineAsync(
            candidate => candidate.Contains("Started TestFunction#1 (pid", StringComparison.Ordinal), TimeSpan.FromSeconds(5));

        Assert.NotNull(line);
        Assert.Matches(@"init took \d+ ms", line);
    }

    [Fact]
    public async Task Output_StdoutAndStderr_AreForwardedWithPrefix()
    {
        await using var stack = await TestStack.StartAsync(Token);

        using var response = await stack.Client.GetAsync("/log", Token);

        Assert.NotNull(await stack.Output.WaitForLineAsync(
            line => line.StartsWith("[TestFunction#1] stdout line for ", StringComparison.Ordinal), TimeSpan.FromSeconds(5)));
        Assert.NotNull(await stack.Output.WaitForLineAsync(
            line => line.StartsWith("[TestFunction#1] stderr line for ", StringComparison.Ordinal), TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Environment_HasLambdaAndTemplateVariables()
    {
        await using var stack = await TestStack.StartAsync(Token);
        string[] names =
        [
            "AWS_LAMBDA_RUNTIME_API", "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
            "AWS_LAMBDA_FUNCTION_VERSION", "AWS_REGION", "AWS_DEFAULT_REGION", "LAMBDA_TASK_ROOT",
            "AWS_LAMBDA_LOG_FORMAT", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "TABLE_NAME", "TABLE_ARN", "GREETING",
            "_HANDLER", "DYNAMODB_ENDPOINT",
        ];

        var body = await stack.Client.GetStringAsync("/env?names=" + string.Join(',', names), Token);
        var variables = JsonDocument.Parse(body).RootElement;

        Assert.Matches(@"^127\.0\.0\.1:\d+/[0-9a-f]{16}$", variables.GetProperty("AWS_LAMBDA_RUNTIME_API").GetString());
        Assert.Equal("TestFunction", variables.GetProperty("AWS_LAMBDA_FUNCTION_NAME").GetString());
        Assert.Equal("256", variables.GetProperty("AWS_LAMBDA_FUNCTION_MEMORY_SIZE").GetString());
        Assert.Equal("$LATEST", variables.GetProperty("AWS_LAMBDA_FUNCTION_VERSION").GetString());
        Assert.Equal("us-east-1", variables.GetProperty("AWS_REGION").GetString());
        Assert.Equal("us-east-1", variables.GetProperty("AWS_DEFAULT_REGION").GetString());
        Assert.Equal(Path.GetDirectoryName(TestPaths.TestFunction), variables.GetProperty("LAMBDA_TASK_ROOT").GetString());
        Assert.Equal("JSON", variables.GetProperty("AWS_LAMBDA_LOG_FORMAT").GetString());
        Assert.Equal("local", variables.GetProperty("AWS_ACCESS_KEY_ID").GetString());
        Assert.Equal("local", variables.GetProperty("AWS_SECRET_ACCESS_KEY").GetString());
        Assert.Equal("TestTable", variables.GetProperty("TABLE_NAME").GetString());
        Assert.Equal("arn:aws:dynamodb:us-east-1:123456789012:table/TestTable", variables.GetProperty("TABLE_ARN").GetString());
        Assert.Equal("hello from us-east-1", variables.GetProperty("GREETING").GetString());
        Assert.Equal("Signup.Local.TestFunction", variables.GetProperty("_HANDLER").GetString());
        Assert.Equal(JsonValueKind.Null, variables.GetProperty("DYNAMODB_ENDPOINT").ValueKind);
    }

    [Fact]
    public async Task Dispose_StopsEveryFunctionProcess()
    {
        var stack = await TestStack.StartAsync(Token);
        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => stack.Client.GetAsync("/sleep?ms=300", Token)));
        var processIds = stack.Status.ProcessIds;

        await stack.DisposeAsync();

        Assert.NotEmpty(processIds);
        Assert.All(processIds, processId => Assert.False(ProcessProbe.IsRunning(processId)));
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, Token);
        }
    }
}
