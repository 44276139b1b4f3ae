using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Signup.Lambda;

/// <summary>
/// <see cref="IRuntimeApiClient"/> over HTTP. The endpoint comes from <c>AWS_LAMBDA_RUNTIME_API</c>, which
/// is <c>host:port</c> in Lambda; a path prefix (<c>host:port/prefix</c>) lets an emulator serve several
/// functions from one port, and every request then goes to <c>/prefix/2018-06-01/runtime/...</c>.
/// </summary>
public sealed class RuntimeApiClient : IRuntimeApiClient, IDisposable
{
    /// <summary>Environment variable that Lambda sets to the Runtime API's <c>host:port</c>.</summary>
    public const string EndpointVariable = "AWS_LAMBDA_RUNTIME_API";

    private const string ApiVersion = "2018-06-01";
    private const string RequestIdHeader = "Lambda-Runtime-Aws-Request-Id";
    private const string DeadlineHeader = "Lambda-Runtime-Deadline-Ms";
    private const string FunctionArnHeader = "Lambda-Runtime-Invoked-Function-Arn";
    private const string TraceIdHeader = "Lambda-Runtime-Trace-Id";
    private const string ClientContextHeader = "Lambda-Runtime-Client-Context";
    private const string CognitoIdentityHeader = "Lambda-Runtime-Cognito-Identity";
    private const string ErrorTypeHeader = "Lambda-Runtime-Function-Error-Type";

    // Caps the error body quoted in exception messages, so that an unexpected HTML page cannot flood the logs.
    private const int MaxErrorBodyChars = 512;

    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json");

    private readonly HttpClient _httpClient;
    private readonly Uri _nextUri;
    private readonly Uri _initErrorUri;

    /// <summary>
    /// Creates a client for <paramref name="endpoint"/> (<c>host:port</c> or <c>host:port/prefix</c>).
    /// </summary>
    /// <param name="endpoint">The value of <c>AWS_LAMBDA_RUNTIME_API</c>.</param>
    /// <param name="handler">HTTP handler to send requests with; the client disposes it. Null for the default.</param>
    public RuntimeApiClient(string endpoint, HttpMessageHandler? handler = null)
    {
        BaseAddress = ParseEndpoint(endpoint);
        _nextUri = new Uri(BaseAddress, "runtime/invocation/next");
        _initErrorUri = new Uri(BaseAddress, "runtime/init/error");
        _httpClient = new HttpClient(handler ?? CreateHandler(), disposeHandler: true)
        {
            // No timeout at all, because `next` long-polls until an invocation arrives, which can take hours.
            // Lambda also freezes the process between invocations, even in the middle of a request, and a
            // timer running across a freeze would fire after the thaw and fail a request that is still valid.
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    /// <summary>
    /// Address that request paths are resolved against: <c>http://host:port[/prefix]/2018-06-01/</c>.
    /// </summary>
    public Uri BaseAddress { get; }

    /// <summary>Creates a client for the endpoint in <c>AWS_LAMBDA_RUNTIME_API</c>.</summary>
    /// <exception cref="InvalidOperationException">The variable is not set.</exception>
    public static RuntimeApiClient FromEnvironment()
    {
        var endpoint = Environment.GetEnvironmentVariable(EndpointVariable);
        if (string.IsNullOrWhiteSpace(endpoint))
        {
            throw new InvalidOperationException(
                $"{EndpointVariable} is not set; run the function under Lambda or a Runtime API emulator.");
        }

        return new RuntimeApiClient(endpoint);
    }

    /// <summary>
    /// Builds the base address for <paramref name="endpoint"/>: <c>host:port</c>, <c>[::1]:port</c>, or either
    /// followed by a path prefix. A scheme, query or fragment is rejected because Lambda never sends one.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="endpoint"/> is not of that form.</exception>
    public static Uri ParseEndpoint(string endpoint)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(endpoint);

        var trimmed = endpoint.Trim().TrimEnd('/');
        if (trimmed.Contains("://", StringComparison.Ordinal)
            || !Uri.TryCreate("http://" + trimmed + "/", UriKind.Absolute, out var root)
            || root.Host.Length == 0
            || root.Query.Length > 0
            || root.Fragment.Length > 0
            || root.UserInfo.Length > 0)
        {
            throw new ArgumentException(
                $"Invalid Runtime API endpoint '{endpoint}': expected host:port or host:port/prefix, without a scheme.",
                nameof(endpoint));
        }

        return new Uri(root, ApiVersion + "/");
    }

    public async Task<Invocation> GetNextInvocationAsync(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, _nextUri);
        using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(request, response, cancellationToken).ConfigureAwait(false);

        var headers = response.Headers;
        var requestId = GetHeader(headers, RequestIdHeader);
        if (string.IsNullOrEmpty(requestId))
        {
            throw new RuntimeApiException($"The Runtime API sent an invocation without a {RequestIdHeader} header.");
        }

        var deadlineText = GetHeader(headers, DeadlineHeader);
        if (!long.TryParse(deadlineText, NumberStyles.None, CultureInfo.InvariantCulture, out var deadlineMs)
            || deadlineMs > DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())
        {
            throw new RuntimeApiException(
                $"The Runtime API sent invocation {requestId} with an invalid {DeadlineHeader} header "
                + $"'{deadlineText}'. Expected Unix time in milliseconds.");
        }

        var body = await ReadBodyAsync(request, response, cancellationToken).ConfigureAwait(false);
        return new Invocation(requestId, DateTimeOffset.FromUnixTimeMilliseconds(deadlineMs), body)
        {
            InvokedFunctionArn = GetHeader(headers, FunctionArnHeader),
            TraceId = GetHeader(headers, TraceIdHeader),
            ClientContext = GetHeader(headers, ClientContextHeader),
            CognitoIdentity = GetHeader(headers, CognitoIdentityHeader),
        };
    }

    public async Task SendResponseAsync(
        string requestId, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(requestId);

        using var request = new HttpRequestMessage(HttpMethod.Post, InvocationUri(requestId, "response"))
        {
            Content = new ReadOnlyMemoryContent(body),
        };
        request.Content.Headers.ContentType = JsonContentType;
        await PostAsync(request, cancellationToken).ConfigureAwait(false);
    }

    public Task ReportInvocationErrorAsync(string requestId, LambdaError error, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(requestId);
        ArgumentNullException.ThrowIfNull(error);
        return PostErrorAsync(InvocationUri(requestId, "error"), error, cancellationToken);
    }

    public Task ReportInitErrorAsync(LambdaError error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(error);
        return PostErrorAsync(_initErrorUri, error, cancellationToken);
    }

    public void Dispose() => _httpClient.Dispose();

    private static SocketsHttpHandler CreateHandler() => new()
    {
        // The Runtime API is local to the execution environment, so an HTTP_PROXY meant for outbound calls
        // must not capture it.
        UseProxy = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
    };

    private Uri InvocationUri(string requestId, string action) =>
        new(BaseAddress, $"runtime/invocation/{Uri.EscapeDataString(requestId)}/{action}");

    private async Task PostErrorAsync(Uri uri, LambdaError error, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(error, LambdaJsonContext.Default.LambdaError);
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(json) };
        request.Content.Headers.ContentType = JsonContentType;
        if (!string.IsNullOrEmpty(error.ErrorType))
        {
            request.Headers.TryAddWithoutValidation(ErrorTypeHeader, error.ErrorType);
        }

        await PostAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private async Task PostAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(request, response, cancellationToken).ConfigureAwait(false);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await _httpClient
                .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new RuntimeApiException(
                $"Runtime API request {request.Method} {request.RequestUri} failed: {e.Message}", e);
        }
    }

    private static async Task<byte[]> ReadBodyAsync(
        HttpRequestMessage request, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new RuntimeApiException(
                $"Reading the Runtime API response to {request.Method} {request.RequestUri} failed: {e.Message}", e);
        }
    }

    private static async Task EnsureSuccessAsync(
        HttpRequestMessage request, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var body = await ReadBodyAsync(request, response, cancellationToken).ConfigureAwait(false);
        var error = TryParseError(body);
        var detail = error?.ErrorMessage ?? System.Text.Encoding.UTF8.GetString(body);
        if (detail.Length > MaxErrorBodyChars)
        {
            detail = detail[..MaxErrorBodyChars];
        }

        var status = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
        var errorType = error?.ErrorType is { } type ? $" ({type})" : "";
        var suffix = detail.Length > 0 ? $": {detail}" : ".";
        throw new RuntimeApiException(
            $"The Runtime API rejected {request.Method} {request.RequestUri} with status {status}{errorType}{suffix}",
            response.StatusCode,
            error?.ErrorType);
    }

    private static LambdaError? TryParseError(byte[] body)
    {
        if (body.Length == 0)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(body, LambdaJsonContext.Default.LambdaError);
        }
        catch (JsonException)
        {
            // The body is not the documented {errorMessage, errorType} document, so the caller uses the raw text.
            return null;
        }
    }

    private static string? GetHeader(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? string.Join(',', values) : null;
}
