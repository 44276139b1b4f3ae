using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Signup.Lambda;
using Signup.Local.Hosting;

namespace Signup.Local.Runtime;

/// <summary>
/// The Lambda Runtime API (version 2018-06-01) on its own port of 127.0.0.1. Each function process gets a path
/// prefix of its own in <c>AWS_LAMBDA_RUNTIME_API</c> (<c>127.0.0.1:PORT/&lt;id&gt;</c>), so the server can tell
/// which process calls:
/// <code>
/// GET  /{id}/2018-06-01/runtime/invocation/next                  wait for the next event
/// POST /{id}/2018-06-01/runtime/invocation/{requestId}/response  the event's result
/// POST /{id}/2018-06-01/runtime/invocation/{requestId}/error     the event failed
/// POST /{id}/2018-06-01/runtime/init/error                       the runtime could not initialise
/// </code>
/// See <see href="https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html"/>.
/// </summary>
internal sealed class RuntimeApiServer : IRuntimeRegistry, IAsyncDisposable
{
    private const string ApiVersion = "2018-06-01";

    /// <summary>Lambda's limit on a synchronous response: 6 MB.</summary>
    private const int MaxResponseBytes = 6 * 1024 * 1024;

    /// <summary>Bound on an error document, which Lambda truncates far below this.</summary>
    private const int MaxErrorBytes = 1024 * 1024;

    private static readonly TimeSpan InitErrorKillDelay = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, FunctionInstance> _instances = new(StringComparer.Ordinal);
    private readonly WebApplication _app;
    private readonly ILogger _logger;
    private readonly string _arnPrefix;

    private RuntimeApiServer(WebApplication app, ILogger logger, string region, string accountId)
    {
        _app = app;
        _logger = logger;
        _arnPrefix = $"arn:aws:lambda:{region}:{accountId}:function:";
        app.Run(HandleAsync);
    }

    /// <summary>Address for <c>AWS_LAMBDA_RUNTIME_API</c>, without a process's prefix: <c>127.0.0.1:PORT</c>.</summary>
    public string Endpoint { get; private set; } = string.Empty;

    public static async Task<RuntimeApiServer> StartAsync(
        ILoggerFactory loggerFactory, string region, string accountId, CancellationToken cancellationToken)
    {
        var app = KestrelHost.Create(loggerFactory, options =>
        {
            options.Listen(IPAddress.Loopback, 0);

            // Responses are bounded by MaxResponseBytes in the handler, with the status code Lambda uses.
            options.Limits.MaxRequestBodySize = null;
        });
        var server = new RuntimeApiServer(app, loggerFactory.CreateLogger<RuntimeApiServer>(), region, accountId);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        server.Endpoint = string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{KestrelHost.GetPort(app)}");
        return server;
    }

    public void Register(FunctionInstance instance) => _instances[instance.Id] = instance;

    public void Unregister(FunctionInstance instance) =>
        _instances.TryRemove(KeyValuePair.Create(instance.Id, instance));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var segments = (request.Path.Value ?? string.Empty).Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length < 5 || segments[1] != ApiVersion || segments[2] != "runtime")
        {
            await RejectAsync(context, StatusCodes.Status404NotFound, "InvalidPath", "Not a Runtime API path.")
                .ConfigureAwait(false);
            return;
        }

        if (!_instances.TryGetValue(segments[0], out var instance))
        {
            // A process that was dropped (timed out, stopped) ends when its runtime client sees this.
            await RejectAsync(context, StatusCodes.Status403Forbidden, "UnknownRuntime", "This runtime is no longer registered.")
                .ConfigureAwait(false);
            return;
        }

        var isGet = HttpMethods.IsGet(request.Method);
        var isPost = HttpMethods.IsPost(request.Method);
        switch (segments[3..])
        {
            case ["invocation", "next"] when isGet:
                await NextAsync(context, instance).ConfigureAwait(false);
                break;
            case ["invocation", var requestId, "response"] when isPost:
                await ResponseAsync(context, instance, requestId).ConfigureAwait(false);
                break;
            case ["invocation", var requestId, "error"] when isPost:
                await InvocationErrorAsync(context, instance, requestId).ConfigureAwait(false);
                break;
            case ["init", "error"] when isPost:
                await InitErrorAsync(context, instance).ConfigureAwait(false);
                break;
            default:
                await RejectAsync(context, StatusCodes.Status404NotFound, "InvalidPath", "Not a Runtime API path.")
                    .ConfigureAwait(false);
                break;
        }
    }

    private async Task NextAsync(HttpContext context, FunctionInstance instance)
    {
        if (instance.MarkPolled() is { } initTime)
        {
            LocalStackLog.InstanceStarted(_logger, instance.Name, instance.ProcessId, initTime.TotalMilliseconds);
        }

        PendingInvocation invocation;
        try
        {
            invocation = await instance.TakeNextAsync(context.RequestAborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The process closed the connection, usually because it is stopping.
            return;
        }

        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json";
        response.ContentLength = invocation.Payload.Length;
        var headers = response.Headers;
        headers["Lambda-Runtime-Aws-Request-Id"] = invocation.RequestId;
        headers["Lambda-Runtime-Deadline-Ms"] =
            invocation.Deadline.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        headers["Lambda-Runtime-Invoked-Function-Arn"] = _arnPrefix + instance.Function.LogicalId;
        headers["Lambda-Runtime-Trace-Id"] = invocation.TraceId;
        await response.Body.WriteAsync(invocation.Payload, context.RequestAborted).ConfigureAwait(false);
    }

    private async Task ResponseAsync(HttpContext context, FunctionInstance instance, string requestId)
    {
        var body = await ReadBodyAsync(context, MaxResponseBytes).ConfigureAwait(false);
        if (body is null)
        {
            // The invocation stays open: the runtime is expected to report an error for it instead.
            await RejectAsync(
                    context,
                    StatusCodes.Status413PayloadTooLarge,
                    "RequestEntityTooLarge",
                    $"The response exceeds the maximum of {MaxResponseBytes} bytes.")
                .ConfigureAwait(false);
            return;
        }

        await CompleteAsync(context, instance, requestId, InvocationResult.Success(body)).ConfigureAwait(false);
    }

    private async Task InvocationErrorAsync(HttpContext context, FunctionInstance instance, string requestId)
    {
        var errorType = await ReadErrorTypeAsync(context).ConfigureAwait(false);
        await CompleteAsync(
                context, instance, requestId, InvocationResult.Failure(InvocationOutcome.FunctionError, errorType))
            .ConfigureAwait(false);
    }

    private async Task InitErrorAsync(HttpContext context, FunctionInstance instance)
    {
        var errorType = await ReadErrorTypeAsync(context).ConfigureAwait(false);
        LocalStackLog.InitFailed(_logger, instance.Name, instance.ProcessId, errorType);
        instance.FailInitialization(errorType);
        await WriteAcceptedAsync(context).ConfigureAwait(false);

        // The runtime is expected to exit after reporting; one that lingers is killed, so that it cannot keep a
        // concurrency slot.
        _ = Task.Delay(InitErrorKillDelay, CancellationToken.None).ContinueWith(
            _ => instance.Kill(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
    }

    private async Task CompleteAsync(
        HttpContext context, FunctionInstance instance, string requestId, InvocationResult result)
    {
        if (!instance.TryComplete(requestId, result))
        {
            LocalStackLog.RuntimeApiRejected(
                _logger, context.Request.Method, context.Request.Path.Value ?? string.Empty, "no such invocation in flight");
            await RejectAsync(
                    context,
                    StatusCodes.Status400BadRequest,
                    "InvalidRequestID",
                    $"Request {requestId} is not in flight on this runtime; it may have timed out.")
                .ConfigureAwait(false);
            return;
        }

        await WriteAcceptedAsync(context).ConfigureAwait(false);
    }

    private static async Task<string> ReadErrorTypeAsync(HttpContext context)
    {
        var header = context.Request.Headers["Lambda-Runtime-Function-Error-Type"].ToString();
        var body = await ReadBodyAsync(context, MaxErrorBytes).ConfigureAwait(false);
        if (header.Length > 0)
        {
            return header;
        }

        if (body is { Length: > 0 })
        {
            try
            {
                if (JsonSerializer.Deserialize(body, LambdaJsonContext.Default.LambdaError)?.ErrorType is { Length: > 0 } type)
                {
                    return type;
                }
            }
            catch (JsonException)
            {
                // The error document is optional and free-form; without a type the default below applies.
            }
        }

        return "Unhandled";
    }

    // Returns the body, or null when it is longer than maxBytes.
    private static async Task<byte[]?> ReadBodyAsync(HttpContext context, int maxBytes)
    {
        if (context.Request.ContentLength > maxBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static Task WriteAcceptedAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status202Accepted;
        context.Response.ContentType = "application/json";
        return context.Response.Body.WriteAsync("{\"status\":\"OK\"}"u8.ToArray(), context.RequestAborted).AsTask();
    }

    private static Task RejectAsync(HttpContext context, int status, string errorType, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        var error = new LambdaError { ErrorType = errorType, ErrorMessage = message };
        var json = JsonSerializer.SerializeToUtf8Bytes(error, LambdaJsonContext.Default.LambdaError);
        return context.Response.Body.WriteAsync(json, context.RequestAborted).AsTask();
    }

    /// <summary>
    /// Creates an X-Ray trace header in AWS's format, <c>Root=1-{time}-{random};Parent={random};Sampled=0</c>.
    /// </summary>
    public static string CreateTraceId(DateTimeOffset now)
    {
        var seconds = now.ToUnixTimeSeconds().ToString("x8", CultureInfo.InvariantCulture);
        var root = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        var parent = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        return $"Root=1-{seconds}-{root};Parent={parent};Sampled=0";
    }
}
