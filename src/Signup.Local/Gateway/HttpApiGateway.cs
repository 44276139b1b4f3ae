using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using Microsoft.Net.Http.Headers;
using Signup.Local.Hosting;
using Signup.Local.Runtime;
using Signup.Local.Template;

namespace Signup.Local.Gateway;

/// <summary>
/// The HTTP API emulator: routes from the template, CORS, throttling, the payload limit, request ids and access
/// logs, with payload format 2.0 events to the functions, and the static site for requests that no route takes.
/// Every response carries <c>apigw-requestid</c>, and the gateway's own errors are JSON <c>{"message":"..."}</c>
/// bodies with API Gateway's status codes and wording.
/// </summary>
internal sealed class HttpApiGateway : IAsyncDisposable
{
    /// <summary>HTTP API payload quota: 10 MB.</summary>
    public const int MaxPayloadBytes = 10 * 1024 * 1024;

    /// <summary>Lambda's limit on the event of a synchronous invocation: 6 MB.</summary>
    public const int MaxEventBytes = 6 * 1024 * 1024;

    private const string RequestIdHeader = "apigw-requestid";

    private readonly WebApplication _app;
    private readonly GatewayOptions _options;
    private readonly StaticSite? _site;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private RouteTable _routes = new([]);

    private HttpApiGateway(WebApplication app, GatewayOptions options, ILogger logger, TimeProvider time)
    {
        _app = app;
        _options = options;
        _logger = logger;
        _time = time;
        _site = options.SiteRoot is null ? null : new StaticSite(options.SiteRoot);
        app.Run(HandleAsync);
    }

    /// <summary>Port the gateway listens on.</summary>
    public int Port { get; private set; }

    /// <summary>
    /// Starts Kestrel, then builds the routes of <paramref name="apis"/>, whose CORS policies allow the page's own
    /// origins on the bound port as well.
    /// </summary>
    /// <exception cref="IOException">The port is taken.</exception>
    public static async Task<HttpApiGateway> StartAsync(
        GatewayOptions options,
        IReadOnlyList<HttpApiDefinition> apis,
        Func<string, FunctionPool> getPool,
        ILoggerFactory loggerFactory,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var app = KestrelHost.Create(loggerFactory, kestrel =>
        {
            if (options.Port == 0)
            {
                kestrel.Listen(IPAddress.Loopback, 0);
            }
            else
            {
                // 127.0.0.1 and ::1, so that both http://127.0.0.1:PORT and http://localhost:PORT work.
                kestrel.ListenLocalhost(options.Port);
            }

            // The payload limit is checked in the handler, which responds with API Gateway's 413 body.
            kestrel.Limits.MaxRequestBodySize = null;
        });
        var gateway = new HttpApiGateway(app, options, loggerFactory.CreateLogger<HttpApiGateway>(), time);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        gateway.Port = KestrelHost.GetPort(app);
        gateway._routes = BuildRoutes(apis, getPool, gateway.Port, time);
        return gateway;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Creates a request id in the form API Gateway uses: 16 characters of base64.</summary>
    public static string CreateRequestId()
    {
        Span<byte> bytes = stackalloc byte[11];
        RandomNumberGenerator.Fill(bytes);
        return Convert.ToBase64String(bytes);
    }

    private static RouteTable BuildRoutes(
        IReadOnlyList<HttpApiDefinition> apis, Func<string, FunctionPool> getPool, int port, TimeProvider time)
    {
        string[] localOrigins =
        [
            string.Create(CultureInfo.InvariantCulture, $"http://localhost:{port}"),
            string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}"),
        ];
        var routes = new List<GatewayRoute>();
        foreach (var api in apis)
        {
            var cors = api.Cors is null ? null : new CorsPolicy(api.Cors, localOrigins);
            foreach (var route in api.Routes)
            {
                var throttle = route.Throttle ?? api.DefaultThrottle;
                routes.Add(new GatewayRoute(
                    route,
                    api,
                    getPool(route.FunctionLogicalId),
                    throttle is null ? null : new TokenBucket(throttle.RateLimit, throttle.BurstLimit, time),
                    cors));
            }
        }

        return new RouteTable(routes);
    }

    private async Task HandleAsync(HttpContext context)
    {
        var started = _time.GetTimestamp();
        var requestTime = _time.GetUtcNow();
        var requestId = CreateRequestId();
        context.Response.Headers[RequestIdHeader] = requestId;
        var outcome = new RequestOutcome();
        try
        {
            await DispatchAsync(context, requestId, requestTime, outcome).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client closed the connection, so no response can be sent.
        }
        catch (Exception e) when (!context.Response.HasStarted)
        {
            LocalStackLog.GatewayFailed(_logger, requestId, outcome.RouteKey, e);
            outcome.ResponseLength = await WriteAsync(context, GatewayResponse.InternalServerError, cors: null)
                .ConfigureAwait(false);
        }
        finally
        {
            WriteAccessLog(context, requestId, requestTime, started, outcome);
        }
    }

    private void WriteAccessLog(
        HttpContext context, string requestId, DateTimeOffset requestTime, long started, RequestOutcome outcome)
    {
        var request = context.Request;
        _options.AccessLog(new AccessLogEntry(
            requestId,
            HttpApiEventBuilder.FormatAddress(context.Connection.RemoteIpAddress),
            HttpApiEventBuilder.FormatRequestTime(requestTime),
            request.Method,
            request.Path.Value ?? "/",
            outcome.RouteKey,
            context.Response.StatusCode,
            request.Protocol,
            outcome.ResponseLength,
            (long)_time.GetElapsedTime(started).TotalMilliseconds,
            outcome.IntegrationLatencyMs).ToJson());
    }

    private async Task DispatchAsync(
        HttpContext context, string requestId, DateTimeOffset requestTime, RequestOutcome outcome)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "/";
        if (request.ContentLength > MaxPayloadBytes)
        {
            outcome.ResponseLength = await WriteAsync(context, GatewayResponse.RequestEntityTooLarge, cors: null)
                .ConfigureAwait(false);
            return;
        }

        // API Gateway responds to preflights itself, whatever the route, when the API has CORS configured.
        if (CorsPolicy.IsPreflight(request) && (_routes.FindAnyForPath(path) ?? _routes.Routes.FirstOrDefault())?.Cors is { } preflightCors)
        {
            outcome.RouteKey = "-";
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            preflightCors.ApplyPreflight(request, context.Response.Headers);
            return;
        }

        var match = _routes.Match(request.Method, path);
        if (match is null)
        {
            outcome.ResponseLength = await ServeStaticAsync(context, path).ConfigureAwait(false);
            return;
        }

        var route = match.Route;
        outcome.RouteKey = route.Definition.RouteKey;
        if (route.Throttle is { } bucket && !bucket.TryTake())
        {
            outcome.ResponseLength = await WriteAsync(context, GatewayResponse.TooManyRequests, route.Cors)
                .ConfigureAwait(false);
            return;
        }

        var body = await ReadBodyAsync(context).ConfigureAwait(false);
        if (body is null)
        {
            outcome.ResponseLength = await WriteAsync(context, GatewayResponse.RequestEntityTooLarge, route.Cors)
                .ConfigureAwait(false);
            return;
        }

        var traceId = RuntimeApiServer.CreateTraceId(requestTime);
        var apiEvent = HttpApiEventBuilder.Build(
            context,
            body,
            new HttpApiEventBuilder.GatewayContext(
                requestId,
                _options.AccountId,
                route.Api.ApiId,
                route.Definition.RouteKey,
                requestTime,
                traceId,
                match.PathParameters));
        if (apiEvent.Length > MaxEventBytes)
        {
            // NOTE: Lambda rejects such an event with RequestTooLargeException; the status an HTTP API returns for
            // that is not documented, and 413 is this emulator's choice.
            outcome.ResponseLength = await WriteAsync(context, GatewayResponse.RequestEntityTooLarge, route.Cors)
                .ConfigureAwait(false);
            return;
        }

        var response = await InvokeAsync(context, route, apiEvent, traceId, outcome).ConfigureAwait(false);
        outcome.ResponseLength = await WriteAsync(context, response, route.Cors).ConfigureAwait(false);
    }

    private async Task<GatewayResponse> InvokeAsync(
        HttpContext context, GatewayRoute route, byte[] apiEvent, string traceId, RequestOutcome outcome)
    {
        var timeout = route.Definition.IntegrationTimeout;
        var integrationStarted = _time.GetTimestamp();
        using var queueLimit = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        queueLimit.CancelAfter(timeout);
        InvocationResult result;
        try
        {
            // The token only bounds the wait for a free process. A started invocation runs to its end, as in
            // Lambda, even after the gateway has given up on it.
            result = await route.Pool.InvokeAsync(apiEvent, traceId, queueLimit.Token)
                .WaitAsync(timeout, _time)
                .ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException
            || (e is OperationCanceledException && !context.RequestAborted.IsCancellationRequested))
        {
            outcome.IntegrationLatencyMs = (long)_time.GetElapsedTime(integrationStarted).TotalMilliseconds;
            return GatewayResponse.ServiceUnavailable;
        }

        outcome.IntegrationLatencyMs = (long)_time.GetElapsedTime(integrationStarted).TotalMilliseconds;
        return result.Outcome switch
        {
            InvocationOutcome.Succeeded => LambdaResponseMapper.TryMap(result.Payload, out var mapped)
                ? mapped
                : GatewayResponse.InternalServerError,

            // NOTE: a deployed HTTP API returns 500 for a function that hits its own timeout, like any function
            // error, and returns 503 only when its integration timeout (30 s at most) runs out first. The local
            // stack returns 503 for both, so that a slow function is distinguished from a failing one.
            InvocationOutcome.TimedOut => GatewayResponse.ServiceUnavailable,
            _ => GatewayResponse.InternalServerError,
        };
    }

    private async Task<long> ServeStaticAsync(HttpContext context, string path)
    {
        var request = context.Request;
        if (_site is not null
            && (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
            && _site.Resolve(path) is { } file)
        {
            return await StaticSite.ServeAsync(context, file).ConfigureAwait(false);
        }

        return await WriteAsync(context, GatewayResponse.NotFound, cors: null).ConfigureAwait(false);
    }

    // Returns the body, or null when it is larger than the payload quota.
    private static async Task<byte[]?> ReadBodyAsync(HttpContext context)
    {
        var length = context.Request.ContentLength;
        using var buffer = new MemoryStream(length is > 0 and <= MaxPayloadBytes ? (int)length.Value : 0);
        var chunk = new byte[81920];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxPayloadBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static async Task<long> WriteAsync(HttpContext context, GatewayResponse response, CorsPolicy? cors)
    {
        var httpResponse = context.Response;
        httpResponse.StatusCode = response.StatusCode;
        var headers = httpResponse.Headers;
        foreach (var (name, value) in response.Headers)
        {
            headers.Append(name, value);
        }

        foreach (var cookie in response.Cookies)
        {
            headers.Append(HeaderNames.SetCookie, cookie);
        }

        cors?.ApplyToResponse(context.Request, headers);
        if (response.StatusCode is StatusCodes.Status204NoContent or StatusCodes.Status304NotModified)
        {
            // These statuses have no body, and Kestrel rejects a Content-Length on them.
            return 0;
        }

        httpResponse.ContentLength = response.Body.Length;
        if (response.Body.Length == 0 || HttpMethods.IsHead(context.Request.Method))
        {
            return 0;
        }

        await httpResponse.Body.WriteAsync(response.Body, context.RequestAborted).ConfigureAwait(false);
        return response.Body.Length;
    }

    /// <summary>Facts about a request that the access log records once the response is sent.</summary>
    private sealed class RequestOutcome
    {
        public string RouteKey { get; set; } = "-";

        public long ResponseLength { get; set; }

        public long? IntegrationLatencyMs { get; set; }
    }
}
