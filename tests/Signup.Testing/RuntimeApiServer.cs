using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Signup.Testing;

/// <summary>
/// A Lambda Runtime API (version 2018-06-01) served over real HTTP on 127.0.0.1, for running a function process
/// under test. Each <see cref="InvokeAsync"/> queues one event; the function takes it from <c>next</c> and posts
/// its response or error back.
/// </summary>
public sealed class RuntimeApiServer : IAsyncDisposable
{
    private const string Prefix = "/2018-06-01/runtime";

    private readonly WebApplication _app;
    private readonly Channel<PendingInvocation> _queue = Channel.CreateUnbounded<PendingInvocation>();
    private readonly ConcurrentDictionary<string, PendingInvocation> _inFlight = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource<string> _initError = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _nextCallCount;

    private RuntimeApiServer(WebApplication app) => _app = app;

    /// <summary>The value for <c>AWS_LAMBDA_RUNTIME_API</c>: host and port.</summary>
    public string Address { get; private set; } = "";

    /// <summary>Number of <c>next</c> requests received so far.</summary>
    public int NextCallCount => Volatile.Read(ref _nextCallCount);

    /// <summary>Completes with the body of the first <c>init/error</c> post.</summary>
    public Task<string> InitError => _initError.Task;

    public static async Task<RuntimeApiServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new RuntimeApiServer(app);
        server.MapRoutes();
        await app.StartAsync().ConfigureAwait(false);
        server.Address = new Uri(app.Urls.First()).Authority;
        return server;
    }

    /// <summary>Queues an event and waits for the function's result.</summary>
    public async Task<InvocationResult> InvokeAsync(byte[] payload, TimeSpan timeout)
    {
        var invocation = new PendingInvocation(Guid.NewGuid().ToString("D"), payload, DateTimeOffset.UtcNow + timeout);
        await _queue.Writer.WriteAsync(invocation).ConfigureAwait(false);
        return await invocation.Result.Task.WaitAsync(timeout + TimeSpan.FromSeconds(5)).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private void MapRoutes()
    {
        _app.MapGet(Prefix + "/invocation/next", async (HttpContext context) =>
        {
            Interlocked.Increment(ref _nextCallCount);
            PendingInvocation invocation;
            try
            {
                invocation = await _queue.Reader.ReadAsync(context.RequestAborted).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is OperationCanceledException or ChannelClosedException)
            {
                return;
            }

            _inFlight[invocation.RequestId] = invocation;
            var headers = context.Response.Headers;
            headers["Lambda-Runtime-Aws-Request-Id"] = invocation.RequestId;
            headers["Lambda-Runtime-Deadline-Ms"] =
                invocation.Deadline.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
            headers["Lambda-Runtime-Invoked-Function-Arn"] = "arn:aws:lambda:us-east-1:123456789012:function:signup-test";
            headers["Lambda-Runtime-Trace-Id"] = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";
            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync(invocation.Payload).ConfigureAwait(false);
        });

        _app.MapPost(Prefix + "/invocation/{requestId}/response", (string requestId, HttpContext context) =>
            CompleteAsync(requestId, context, isError: false));
        _app.MapPost(Prefix + "/invocation/{requestId}/error", (string requestId, HttpContext context) =>
            CompleteAsync(requestId, context, isError: true));

        _app.MapPost(Prefix + "/init/error", async (HttpContext context) =>
        {
            _initError.TrySetResult(await ReadBodyAsync(context).ConfigureAwait(false));
            return Results.Accepted();
        });
    }

    private async Task<IResult> CompleteAsync(string requestId, HttpContext context, bool isError)
    {
        if (!_inFlight.TryRemove(requestId, out var invocation))
        {
            return Results.BadRequest();
        }

        var body = await ReadBodyAsync(context).ConfigureAwait(false);
        var errorType = context.Request.Headers["Lambda-Runtime-Function-Error-Type"].ToString();
        invocation.Result.TrySetResult(new InvocationResult(isError, body, errorType));
        return Results.Accepted();
    }

    private static async Task<string> ReadBodyAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        return await reader.ReadToEndAsync().ConfigureAwait(false);
    }

    private sealed record PendingInvocation(string RequestId, byte[] Payload, DateTimeOffset Deadline)
    {
        public TaskCompletionSource<InvocationResult> Result { get; } =
            new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

/// <summary>What the function posted for one invocation: a response, or an error with its type.</summary>
public sealed record InvocationResult(bool IsError, string Body, string ErrorType);
