using System.Net;
using System.Text;

namespace Signup.Lambda.Tests;

// The bootstrap sets the process-wide _X_AMZN_TRACE_ID, so every test class that runs it shares one
// collection and never runs alongside another.
[CollectionDefinition(nameof(TraceEnvironmentCollection))]
public sealed class TraceEnvironmentCollection;

[Collection(nameof(TraceEnvironmentCollection))]
public sealed class LambdaBootstrapTests : IDisposable
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(5);

    private readonly FakeRuntimeApiClient _client = new();
    private readonly CancellationTokenSource _shutdown = new();

    [Fact]
    public async Task RunAsync_Invocation_PostsHandlerResponse()
    {
        _client.Enqueue(FakeRuntimeApiClient.CreateInvocation("req-1", "ping"));
        var run = Start((invocation, _) => Respond("pong:" + Encoding.UTF8.GetString(invocation.Body.Span)));

        var post = await _client.ReadPostAsync();

        Assert.Equal("response", post.Kind);
        Assert.Equal("req-1", post.RequestId);
        Assert.Equal("pong:ping", post.BodyText);
        await StopAsync(run);
    }

    [Fact]
    public async Task RunAsync_TraceId_SetAndCleared()
    {
        const string TraceId = "Root=1-65f1c2a0-5b1f0e2d9c8a7b6e5d4c3b2a;Parent=53995c3f42cd8ad8;Sampled=1";
        _client.Enqueue(FakeRuntimeApiClient.CreateInvocation("traced", traceId: TraceId));
        _client.Enqueue(FakeRuntimeApiClient.CreateInvocation("untraced"));
        var run = Start((_, _) =>
            Respond(Environment.GetEnvironmentVariable(LambdaBootstrap.TraceIdVariable) ?? "<unset>"));

        var traced = await _client.ReadPostAsync();
        var untraced = await _client.ReadPostAsync();

        Assert.Equal(TraceId, traced.BodyText);
        Assert.Equal("<unset>", untraced.BodyText);
        await StopAsync(run);
    }

    [Fact]
    public async Task RunAsync_HandlerThrows_ReportsErrorAndContinues()
    {
        _client.Enqueue(FakeRuntimeApiClient.CreateInvocation("fails"));
        _client.Enqueue(FakeRuntimeApiClient.CreateInvocation("succeeds"));
        var run = Start((invocation, _) => invocation.RequestId == "fails"
            ? throw new InvalidOperationException("Handler broke")
            : Respond("ok"));

        var error = await _client.ReadPostAsync();
        var response = await _client.ReadPostAsync();

        Assert.Equal("error", error.Kind);
        Assert.Equal("fails", error.RequestId);
        Assert.Equal("InvalidOperationException", error.Error?.ErrorType);
        Assert.Equal("Handler broke", error.Error?.ErrorMessage);
        Assert.NotEmpty(error.Error?.StackTrace ?? []);
        Assert.Equal("response", response.Kind);
        Assert.Equal("succeeds", response.RequestId);
        await StopAsync(run);
    }

    [Fact]
    public async Task RunAsync_HandlerFailsAsynchronously_ReportsError()
    {
        _client.Enqueue(FakeRuntimeApiClient.CreateInvocation("async-fail"));
        var run = Start(async (_, cancellationToken) =>
        {
            await Task.Yield();
            throw new FormatException("Late failure");
        });

        var error = await _client.ReadPostAsync();

        Assert.Equal("error", error.Kind);
        Assert.Equal("FormatException", error.Error?.ErrorType);
        await StopAsync(run);
    }

    [Fact]
    public async Task RunAsync_InitFails_ReportsInitError()
    {
        var bootstrap = new LambdaBootstrap(_client);

        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(() => bootstrap.RunAsync(
            _ => throw new InvalidOperationException("Table name missing"), _shutdown.Token));
        var post = await _client.ReadPostAsync();

        Assert.Equal("Table name missing", thrown.Message);
        Assert.Equal("init/error", post.Kind);
        Assert.Null(post.RequestId);
        Assert.Equal("InvalidOperationException", post.Error?.ErrorType);
        Assert.Equal("Table name missing", post.Error?.ErrorMessage);
        Assert.False(_client.HasUnreadPost);
    }

    [Fact]
    public async Task RunAsync_Initializer_RunsOnceBeforeFirstInvocation()
    {
        var initializations = 0;
        _client.Enqueue(FakeRuntimeApiClient.CreateInvocation("first"));
        _client.Enqueue(FakeRuntimeApiClient.CreateInvocation("second"));
        var bootstrap = new LambdaBootstrap(_client);
        var run = bootstrap.RunAsync(
            _ =>
            {
                initializations++;
                return Task.FromResult<LambdaHandler>((_, _) => Respond("ready"));
            },
            _shutdown.Token);

        await _client.ReadPostAsync();
        await _client.ReadPostAsync();

        Assert.Equal(1, initializations);
        await StopAsync(run);
    }

    [Fact]
    public async Task RunAsync_CancelledDuringInit_SkipsInitError()
    {
        var bootstrap = new LambdaBootstrap(_client);
        var run = bootstrap.RunAsync(
            async cancellationToken =>
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
                return (_, _) => Respond("never");
            },
            _shutdown.Token);

        await _shutdown.CancelAsync();
        await run.WaitAsync(RunTimeout, TestContext.Current.CancellationToken);

        Assert.False(_client.HasUnreadPost);
    }

    [Fact]
    public async Task RunAsync_Deadline_CancelsHandlerToken()
    {
        var deadline = DateTimeOffset.UtcNow.AddMilliseconds(300);
        _client.Enqueue(FakeRuntimeApiClient.CreateInvocation("slow", deadline: deadline));
        var cancelledAt = DateTimeOffset.MinValue;
        var run = Start(async (_, cancellationToken) =>
        {
            using var registration = cancellationToken.Register(() => cancelledAt = DateTimeOffset.UtcNow);
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return ReadOnlyMemory<byte>.Empty;
        });

        var post = await _client.ReadPostAsync();

        Assert.Equal("error", post.Kind);
        Assert.Equal("TaskCanceledException", post.Error?.ErrorType);
        // Timers on Linux fire no earlier than asked; the margin covers clock reads at millisecond precision.
        Assert.True(
            cancelledAt >= deadline.AddMilliseconds(-20), $"Cancelled at {cancelledAt:O}, deadline {deadline:O}");
        await StopAsync(run);
    }

    [Fact]
    public async Task RunAsync_PastDeadline_HandlerTokenAlreadyCancelled()
    {
        _client.Enqueue(FakeRuntimeApiClient.CreateInvocation("late", deadline: DateTimeOffset.UtcNow.AddSeconds(-1)));
        var run = Start((_, cancellationToken) =>
            Respond(cancellationToken.IsCancellationRequested ? "cancelled" : "live"));

        var post = await _client.ReadPostAsync();

        Assert.Equal("cancelled", post.BodyText);
        await StopAsync(run);
    }

    [Fact]
    public async Task RunAsync_CancelledWaitingForNext_Returns()
    {
        var run = Start((_, _) => Respond("unused"));
        await _client.WaitForNextRequestAsync();

        await _shutdown.CancelAsync();

        await run.WaitAsync(RunTimeout, TestContext.Current.CancellationToken);
        Assert.True(run.IsCompletedSuccessfully);
        Assert.False(_client.HasUnreadPost);
    }

    [Fact]
    public async Task RunAsync_CancelledDuringHandler_LetsHandlerFinish()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tokenCancelledAtFinish = true;
        _client.Enqueue(FakeRuntimeApiClient.CreateInvocation("in-flight"));
        var run = Start(async (_, cancellationToken) =>
        {
            started.SetResult();
            await release.Task;
            tokenCancelledAtFinish = cancellationToken.IsCancellationRequested;
            return Encoding.UTF8.GetBytes("finished");
        });
        await started.Task.WaitAsync(RunTimeout, TestContext.Current.CancellationToken);

        await _shutdown.CancelAsync();
        release.SetResult();
        await run.WaitAsync(RunTimeout, TestContext.Current.CancellationToken);
        var post = await _client.ReadPostAsync();

        Assert.False(tokenCancelledAtFinish);
        Assert.Equal("response", post.Kind);
        Assert.Equal("finished", post.BodyText);
    }

    [Fact]
    public async Task RunAsync_HandlerIgnoresShutdown_Abandoned()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var never = new TaskCompletionSource<ReadOnlyMemory<byte>>();
        _client.Enqueue(FakeRuntimeApiClient.CreateInvocation("stuck"));
        var options = new LambdaBootstrapOptions { ShutdownGracePeriod = TimeSpan.FromMilliseconds(100) };
        var run = new LambdaBootstrap(_client, options: options).RunAsync(
            (_, _) =>
            {
                started.SetResult();
                return never.Task;
            },
            _shutdown.Token);
        await started.Task.WaitAsync(RunTimeout, TestContext.Current.CancellationToken);

        await _shutdown.CancelAsync();

        await run.WaitAsync(RunTimeout, TestContext.Current.CancellationToken);
        Assert.True(run.IsCompletedSuccessfully);
        Assert.False(_client.HasUnreadPost);
    }

    [Fact]
    public async Task RunAsync_ResponseTooLarge_ReportsInvocationError()
    {
        _client.ResponseFailure = _ => new RuntimeApiException(
            "Payload too large", HttpStatusCode.RequestEntityTooLarge, "Function.ResponseSizeTooLarge");
        _client.Enqueue(FakeRuntimeApiClient.CreateInvocation("huge"));
        var run = Start((_, _) => Task.FromResult<ReadOnlyMemory<byte>>(new byte[7_000_000]));

        var post = await _client.ReadPostAsync();

        Assert.Equal("error", post.Kind);
        Assert.Equal("huge", post.RequestId);
        Assert.Equal(LambdaBootstrap.ResponseTooLargeErrorType, post.Error?.ErrorType);
        Assert.Contains("7000000 bytes", post.Error?.ErrorMessage, StringComparison.Ordinal);
        await StopAsync(run);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest)]
    [InlineData(HttpStatusCode.Forbidden)]
    public async Task RunAsync_ResultRejected_ServesNext(HttpStatusCode status)
    {
        _client.ResponseFailure = requestId =>
            requestId == "expired" ? new RuntimeApiException("Rejected", status, "InvalidStateTransition") : null;
        _client.Enqueue(FakeRuntimeApiClient.CreateInvocation("expired"));
        _client.Enqueue(FakeRuntimeApiClient.CreateInvocation("fresh"));
        var run = Start((_, _) => Respond("ok"));

        var post = await _client.ReadPostAsync();

        Assert.Equal("fresh", post.RequestId);
        await StopAsync(run);
    }

    [Fact]
    public async Task RunAsync_ResponseRejectedWith500_Throws()
    {
        _client.ResponseFailure = _ => new RuntimeApiException(
            "Container error", HttpStatusCode.InternalServerError, null);
        _client.Enqueue(FakeRuntimeApiClient.CreateInvocation("doomed"));
        var run = Start((_, _) => Respond("ok"));

        var thrown = await Assert.ThrowsAsync<RuntimeApiException>(
            () => run.WaitAsync(RunTimeout, TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.InternalServerError, thrown.StatusCode);
    }

    [Fact]
    public async Task RunAsync_NextFails_ThrowsRuntimeApiException()
    {
        _client.NextFailure = new RuntimeApiException("Connection refused");
        var run = Start((_, _) => Respond("unused"));

        var thrown = await Assert.ThrowsAsync<RuntimeApiException>(
            () => run.WaitAsync(RunTimeout, TestContext.Current.CancellationToken));

        Assert.Equal("Connection refused", thrown.Message);
    }

    [Fact]
    public void Constructor_NegativeGracePeriod_Throws()
    {
        var options = new LambdaBootstrapOptions { ShutdownGracePeriod = TimeSpan.FromSeconds(-1) };

        Assert.Throws<ArgumentOutOfRangeException>(() => new LambdaBootstrap(_client, options: options));
    }

    public void Dispose() => _shutdown.Dispose();

    private static Task<ReadOnlyMemory<byte>> Respond(string text) =>
        Task.FromResult<ReadOnlyMemory<byte>>(Encoding.UTF8.GetBytes(text));

    private Task Start(LambdaHandler handler) => new LambdaBootstrap(_client).RunAsync(handler, _shutdown.Token);

    private async Task StopAsync(Task run)
    {
        await _shutdown.CancelAsync();
        await run.WaitAsync(RunTimeout, TestContext.Current.CancellationToken);
        Assert.True(run.IsCompletedSuccessfully);
    }
}
