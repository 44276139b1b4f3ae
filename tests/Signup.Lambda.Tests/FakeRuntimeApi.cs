using System.Globalization;
using System.Net;
using System.Text;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Signup.Lambda.Tests;

/// <summary>
/// A Lambda Runtime API served by Kestrel on 127.0.0.1 with an ephemeral port, for tests over real HTTP.
/// Routes, under an optional path prefix:
/// <c>GET  /2018-06-01/runtime/invocation/next</c> waits for an invocation queued with <see cref="Enqueue"/>;
/// <c>POST /2018-06-01/runtime/invocation/{id}/response</c>, <c>.../{id}/error</c> and
/// <c>POST /2018-06-01/runtime/init/error</c> record the post in <see cref="Posts"/> and return 202.
/// </summary>
internal sealed class FakeRuntimeApi : IAsyncDisposable
{
    private const string VersionPath = "/2018-06-01/runtime/";

    private readonly WebApplication _app;
    private readonly string _prefix;
    private readonly Channel<QueuedInvocation> _queue = Channel.CreateUnbounded<QueuedInvocation>();
    private readonly Channel<RuntimeApiPost> _posts = Channel.CreateUnbounded<RuntimeApiPost>();
    private int _nextRequestCount;

    private FakeRuntimeApi(WebApplication app, string prefix)
    {
        _app = app;
        _prefix = prefix;
        _app.Run(HandleAsync);
    }

    /// <summary>Value for <c>AWS_LAMBDA_RUNTIME_API</c>: <c>127.0.0.1:port</c> plus the prefix.</summary>
    public string Endpoint { get; private set; } = "";

    /// <summary>Status that <c>next</c> returns instead of an invocation, when set.</summary>
    public HttpStatusCode? NextFailure { get; set; }

    /// <summary>Status that posts of a response return instead of 202, when set.</summary>
    public HttpStatusCode? ResponseFailure { get; set; }

    /// <summary>Number of <c>next</c> requests received so far.</summary>
    public int NextRequestCount => Volatile.Read(ref _nextRequestCount);

    public ChannelReader<RuntimeApiPost> Posts => _posts.Reader;

    public static async Task<FakeRuntimeApi> StartAsync(string prefix = "")
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        var api = new FakeRuntimeApi(builder.Build(), prefix);
        await api._app.StartAsync();

        var address = api._app.Services.GetRequiredService<IServer>().Features
            .GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        api.Endpoint = new Uri(address).Authority + prefix;
        return api;
    }

    public void Enqueue(QueuedInvocation invocation) => _queue.Writer.TryWrite(invocation);

    /// <summary>Returns the next recorded post, failing the test when none arrives within five seconds.</summary>
    public async Task<RuntimeApiPost> ReadPostAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        return await _posts.Reader.ReadAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var rawTarget = context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget;
        if (!rawTarget.StartsWith(_prefix + VersionPath, StringComparison.Ordinal))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var route = rawTarget[(_prefix.Length + VersionPath.Length)..];
        if (HttpMethods.IsGet(context.Request.Method) && route == "invocation/next")
        {
            await ServeNextAsync(context);
            return;
        }

        if (!HttpMethods.IsPost(context.Request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            return;
        }

        var (kind, requestId) = route.Split('/') switch
        {
            ["init", "error"] => ("init/error", null),
            ["invocation", var id, "response"] => ("response", Uri.UnescapeDataString(id)),
            ["invocation", var id, "error"] => ("error", Uri.UnescapeDataString(id)),
            _ => ((string?)null, (string?)null),
        };
        if (kind is null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        _posts.Writer.TryWrite(new RuntimeApiPost(
            kind,
            requestId,
            rawTarget,
            body,
            context.Request.Headers["Lambda-Runtime-Function-Error-Type"].FirstOrDefault(),
            context.Request.ContentType));

        if (kind == "response" && ResponseFailure is { } failure)
        {
            context.Response.StatusCode = (int)failure;
            await context.Response.WriteAsync(
                """{"errorMessage":"Rejected by the fake Runtime API","errorType":"Fake.Rejected"}""");
            return;
        }

        context.Response.StatusCode = StatusCodes.Status202Accepted;
        await context.Response.WriteAsync("""{"status":"OK"}""");
    }

    private async Task ServeNextAsync(HttpContext context)
    {
        Interlocked.Increment(ref _nextRequestCount);
        if (NextFailure is { } failure)
        {
            context.Response.StatusCode = (int)failure;
            await context.Response.WriteAsync(
                """{"errorMessage":"State is broken","errorType":"Runtime.InvalidState"}""");
            return;
        }

        QueuedInvocation invocation;
        try
        {
            invocation = await _queue.Reader.ReadAsync(context.RequestAborted);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The runtime gave up waiting (it is shutting down); nothing was dequeued.
            return;
        }

        var headers = context.Response.Headers;
        headers["Lambda-Runtime-Aws-Request-Id"] = invocation.RequestId;
        headers["Lambda-Runtime-Deadline-Ms"] =
            invocation.Deadline.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        headers["Lambda-Runtime-Invoked-Function-Arn"] = invocation.FunctionArn;
        if (invocation.TraceId is not null)
        {
            headers["Lambda-Runtime-Trace-Id"] = invocation.TraceId;
        }

        if (invocation.ClientContext is not null)
        {
            headers["Lambda-Runtime-Client-Context"] = invocation.ClientContext;
        }

        if (invocation.CognitoIdentity is not null)
        {
            headers["Lambda-Runtime-Cognito-Identity"] = invocation.CognitoIdentity;
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(invocation.Body, context.RequestAborted);
    }
}

/// <summary>An invocation waiting in <see cref="FakeRuntimeApi"/> for the runtime's next <c>next</c> request.</summary>
internal sealed record QueuedInvocation(string RequestId, DateTimeOffset Deadline, string Body)
{
    public string FunctionArn { get; init; } = "arn:aws:lambda:eu-west-1:123456789012:function:signup";
    public string? TraceId { get; init; }
    public string? ClientContext { get; init; }
    public string? CognitoIdentity { get; init; }
}

/// <summary>
/// A post the runtime sent to <see cref="FakeRuntimeApi"/>. <c>Kind</c> is <c>response</c>, <c>error</c> or
/// <c>init/error</c>; <c>RequestId</c> is unescaped from the path (null for <c>init/error</c>), while
/// <c>RawTarget</c> keeps the request target exactly as sent, percent-encoding included.
/// </summary>
internal sealed record RuntimeApiPost(
    string Kind, string? RequestId, string RawTarget, string Body, string? ErrorTypeHeader, string? ContentType);
