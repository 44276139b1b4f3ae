using System.Net;
using System.Text;
using System.Text.Json;

namespace Signup.Lambda.Tests;

/// <summary>The bootstrap and <see cref="RuntimeApiClient"/> together against a Runtime API over real HTTP.</summary>
[Collection(nameof(TraceEnvironmentCollection))]
public sealed class LambdaBootstrapHttpTests
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task RunAsync_OverHttp_ErrorThenResponse()
    {
        await using var api = await FakeRuntimeApi.StartAsync(prefix: "/functions/signup");
        using var client = new RuntimeApiClient(api.Endpoint);
        using var shutdown = new CancellationTokenSource();
        const string TraceId = "Root=1-65f1c2a0-0123456789abcdef01234567;Parent=1f2e3d4c5b6a7980;Sampled=0";
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        api.Enqueue(new QueuedInvocation("first", deadline, """{"fail":true}"""));
        api.Enqueue(new QueuedInvocation("second", deadline, """{"fail":false}""") { TraceId = TraceId });
        var seen = new List<(string? Arn, DateTimeOffset Deadline, string? Trace)>();

        var run = new LambdaBootstrap(client).RunAsync(
            (invocation, _) =>
            {
                seen.Add((invocation.InvokedFunctionArn, invocation.Deadline,
                    Environment.GetEnvironmentVariable(LambdaBootstrap.TraceIdVariable)));
                using var document = JsonDocument.Parse(invocation.Body);
                return document.RootElement.GetProperty("fail").GetBoolean()
                    ? throw new ArgumentException("Event rejected")
                    : Task.FromResult<ReadOnlyMemory<byte>>(Encoding.UTF8.GetBytes("""{"statusCode":200}"""));
            },
            shutdown.Token);
        var error = await api.ReadPostAsync();
        var response = await api.ReadPostAsync();
        await shutdown.CancelAsync();
        await run.WaitAsync(RunTimeout, TestContext.Current.CancellationToken);

        using var errorDocument = JsonDocument.Parse(error.Body);
        Assert.Equal("error", error.Kind);
        Assert.Equal("/functions/signup/2018-06-01/runtime/invocation/first/error", error.RawTarget);
        Assert.Equal("ArgumentException", error.ErrorTypeHeader);
        Assert.Equal("ArgumentException", errorDocument.RootElement.GetProperty("errorType").GetString());
        Assert.Equal("Event rejected", errorDocument.RootElement.GetProperty("errorMessage").GetString());
        Assert.Equal(JsonValueKind.Array, errorDocument.RootElement.GetProperty("stackTrace").ValueKind);
        Assert.Equal("response", response.Kind);
        Assert.Equal("second", response.RequestId);
        Assert.Equal("""{"statusCode":200}""", response.Body);
        Assert.Equal(2, seen.Count);
        Assert.Equal("arn:aws:lambda:eu-west-1:123456789012:function:signup", seen[0].Arn);
        Assert.Equal(deadline.ToUnixTimeMilliseconds(), seen[0].Deadline.ToUnixTimeMilliseconds());
        Assert.Null(seen[0].Trace);
        Assert.Equal(TraceId, seen[1].Trace);
        Assert.True(run.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task RunAsync_OverHttpTooLarge_ReportsError()
    {
        await using var api = await FakeRuntimeApi.StartAsync();
        using var client = new RuntimeApiClient(api.Endpoint);
        using var shutdown = new CancellationTokenSource();
        api.ResponseFailure = HttpStatusCode.RequestEntityTooLarge;
        api.Enqueue(new QueuedInvocation("big", DateTimeOffset.UtcNow.AddSeconds(30), "{}"));

        var run = new LambdaBootstrap(client).RunAsync(
            (_, _) => Task.FromResult<ReadOnlyMemory<byte>>(new byte[64 * 1024]), shutdown.Token);
        var rejected = await api.ReadPostAsync();
        var error = await api.ReadPostAsync();
        await shutdown.CancelAsync();
        await run.WaitAsync(RunTimeout, TestContext.Current.CancellationToken);

        Assert.Equal("response", rejected.Kind);
        Assert.Equal("error", error.Kind);
        Assert.Equal("big", error.RequestId);
        Assert.Equal(LambdaBootstrap.ResponseTooLargeErrorType, error.ErrorTypeHeader);
    }

    [Fact]
    public async Task RunAsync_OverHttpShutdown_Returns()
    {
        await using var api = await FakeRuntimeApi.StartAsync();
        using var client = new RuntimeApiClient(api.Endpoint);
        using var shutdown = new CancellationTokenSource();
        var run = new LambdaBootstrap(client).RunAsync(
            (_, _) => Task.FromResult(ReadOnlyMemory<byte>.Empty), shutdown.Token);
        while (api.NextRequestCount == 0)
        {
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }

        await shutdown.CancelAsync();

        await run.WaitAsync(RunTimeout, TestContext.Current.CancellationToken);
        Assert.True(run.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task RunAsync_OverHttpNextFails_Throws()
    {
        await using var api = await FakeRuntimeApi.StartAsync();
        using var client = new RuntimeApiClient(api.Endpoint);
        api.NextFailure = HttpStatusCode.InternalServerError;

        var thrown = await Assert.ThrowsAsync<RuntimeApiException>(() => new LambdaBootstrap(client)
            .RunAsync((_, _) => Task.FromResult(ReadOnlyMemory<byte>.Empty), TestContext.Current.CancellationToken)
            .WaitAsync(RunTimeout, TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.InternalServerError, thrown.StatusCode);
    }

    [Fact]
    public async Task RunAsync_OverHttpInitFails_PostsInitError()
    {
        await using var api = await FakeRuntimeApi.StartAsync();
        using var client = new RuntimeApiClient(api.Endpoint);

        await Assert.ThrowsAsync<InvalidOperationException>(() => new LambdaBootstrap(client).RunAsync(
            _ => throw new InvalidOperationException("No table configured"), TestContext.Current.CancellationToken));
        var post = await api.ReadPostAsync();

        using var document = JsonDocument.Parse(post.Body);
        Assert.Equal("init/error", post.Kind);
        Assert.Equal("InvalidOperationException", post.ErrorTypeHeader);
        Assert.Equal("No table configured", document.RootElement.GetProperty("errorMessage").GetString());
        Assert.Equal(0, api.NextRequestCount);
    }
}
