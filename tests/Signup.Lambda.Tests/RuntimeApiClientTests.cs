using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Signup.Lambda.Tests;

public sealed class RuntimeApiClientTests
{
    [Fact]
    public async Task GetNext_ParsesHeadersAndBody()
    {
        await using var api = await FakeRuntimeApi.StartAsync();
        using var client = new RuntimeApiClient(api.Endpoint);
        var deadline = DateTimeOffset.FromUnixTimeMilliseconds(1_742_000_000_123);
        api.Enqueue(new QueuedInvocation("8476a536-e9f4-11e8-9739-2dfe598c3fcd", deadline, """{"hello":"world"}""")
        {
            FunctionArn = "arn:aws:lambda:eu-west-1:123456789012:function:signup:live",
            TraceId = "Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=1",
            ClientContext = """{"client":{"app_title":"signup"}}""",
            CognitoIdentity = """{"cognitoIdentityId":"eu-west-1:1234","cognitoIdentityPoolId":"eu-west-1:pool"}""",
        });

        var invocation = await client.GetNextInvocationAsync(TestContext.Current.CancellationToken);

        Assert.Equal("8476a536-e9f4-11e8-9739-2dfe598c3fcd", invocation.RequestId);
        Assert.Equal(deadline, invocation.Deadline);
        Assert.Equal("arn:aws:lambda:eu-west-1:123456789012:function:signup:live", invocation.InvokedFunctionArn);
        Assert.Equal("Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=1", invocation.TraceId);
        Assert.Equal("""{"client":{"app_title":"signup"}}""", invocation.ClientContext);
        Assert.Equal(
            """{"cognitoIdentityId":"eu-west-1:1234","cognitoIdentityPoolId":"eu-west-1:pool"}""",
            invocation.CognitoIdentity);
        Assert.Equal("""{"hello":"world"}""", Encoding.UTF8.GetString(invocation.Body.Span));
        using var reader = new StreamReader(invocation.OpenBodyStream());
        Assert.Equal("""{"hello":"world"}""", await reader.ReadToEndAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task GetNext_OptionalHeadersAbsent_LeavesThemNull()
    {
        await using var api = await FakeRuntimeApi.StartAsync();
        using var client = new RuntimeApiClient(api.Endpoint);
        api.Enqueue(new QueuedInvocation("plain", DateTimeOffset.UtcNow.AddSeconds(30), "{}"));

        var invocation = await client.GetNextInvocationAsync(TestContext.Current.CancellationToken);

        Assert.Null(invocation.TraceId);
        Assert.Null(invocation.ClientContext);
        Assert.Null(invocation.CognitoIdentity);
    }

    [Fact]
    public async Task Client_PrefixEndpoint_UsesPrefixedPaths()
    {
        await using var api = await FakeRuntimeApi.StartAsync(prefix: "/functions/signup");
        using var client = new RuntimeApiClient(api.Endpoint);
        api.Enqueue(new QueuedInvocation("prefixed", DateTimeOffset.UtcNow.AddSeconds(30), "{}"));

        var invocation = await client.GetNextInvocationAsync(TestContext.Current.CancellationToken);
        await client.SendResponseAsync(invocation.RequestId, "{}"u8.ToArray(), TestContext.Current.CancellationToken);
        var post = await api.ReadPostAsync();

        Assert.EndsWith("/functions/signup", api.Endpoint, StringComparison.Ordinal);
        Assert.Equal("prefixed", invocation.RequestId);
        Assert.Equal("/functions/signup/2018-06-01/runtime/invocation/prefixed/response", post.RawTarget);
    }

    [Fact]
    public async Task SendResponse_PostsBodyAsJson()
    {
        await using var api = await FakeRuntimeApi.StartAsync();
        using var client = new RuntimeApiClient(api.Endpoint);

        await client.SendResponseAsync(
            "req-7", """{"statusCode":200}"""u8.ToArray(), TestContext.Current.CancellationToken);
        var post = await api.ReadPostAsync();

        Assert.Equal("response", post.Kind);
        Assert.Equal("req-7", post.RequestId);
        Assert.Equal("""{"statusCode":200}""", post.Body);
        Assert.Equal("application/json", post.ContentType);
    }

    [Fact]
    public async Task SendResponse_RequestIdIsEscapedInPath()
    {
        await using var api = await FakeRuntimeApi.StartAsync();
        using var client = new RuntimeApiClient(api.Endpoint);

        await client.SendResponseAsync("a/b c?d", "{}"u8.ToArray(), TestContext.Current.CancellationToken);
        var post = await api.ReadPostAsync();

        Assert.Equal("/2018-06-01/runtime/invocation/a%2Fb%20c%3Fd/response", post.RawTarget);
        Assert.Equal("a/b c?d", post.RequestId);
    }

    [Fact]
    public async Task ReportInvocationError_PostsErrorDocumentAndHeader()
    {
        await using var api = await FakeRuntimeApi.StartAsync();
        using var client = new RuntimeApiClient(api.Endpoint);
        var error = new LambdaError
        {
            ErrorType = "InvalidOperationException",
            ErrorMessage = "Handler broke",
            StackTrace = ["at Signup.Handler.HandleAsync()", "at Signup.Lambda.LambdaBootstrap.InvokeAsync()"],
        };

        await client.ReportInvocationErrorAsync("req-9", error, TestContext.Current.CancellationToken);
        var post = await api.ReadPostAsync();
        using var document = JsonDocument.Parse(post.Body);
        var root = document.RootElement;

        Assert.Equal("error", post.Kind);
        Assert.Equal("req-9", post.RequestId);
        Assert.Equal("InvalidOperationException", post.ErrorTypeHeader);
        Assert.Equal("Handler broke", root.GetProperty("errorMessage").GetString());
        Assert.Equal("InvalidOperationException", root.GetProperty("errorType").GetString());
        Assert.Equal(JsonValueKind.Array, root.GetProperty("stackTrace").ValueKind);
        Assert.Equal(
            ["at Signup.Handler.HandleAsync()", "at Signup.Lambda.LambdaBootstrap.InvokeAsync()"],
            root.GetProperty("stackTrace").EnumerateArray().Select(frame => frame.GetString()));
    }

    [Fact]
    public async Task ReportInitError_PostsToInitError()
    {
        await using var api = await FakeRuntimeApi.StartAsync();
        using var client = new RuntimeApiClient(api.Endpoint);
        var error = new LambdaError { ErrorType = "ArgumentException", ErrorMessage = "Bad setting", StackTrace = [] };

        await client.ReportInitErrorAsync(error, TestContext.Current.CancellationToken);
        var post = await api.ReadPostAsync();
        using var document = JsonDocument.Parse(post.Body);

        Assert.Equal("init/error", post.Kind);
        Assert.Equal("/2018-06-01/runtime/init/error", post.RawTarget);
        Assert.Equal("ArgumentException", post.ErrorTypeHeader);
        Assert.Equal("Bad setting", document.RootElement.GetProperty("errorMessage").GetString());
    }

    [Fact]
    public async Task GetNext_ServerError_ThrowsWithStatus()
    {
        await using var api = await FakeRuntimeApi.StartAsync();
        using var client = new RuntimeApiClient(api.Endpoint);
        api.NextFailure = HttpStatusCode.InternalServerError;

        var thrown = await Assert.ThrowsAsync<RuntimeApiException>(
            () => client.GetNextInvocationAsync(TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.InternalServerError, thrown.StatusCode);
        Assert.Equal("Runtime.InvalidState", thrown.ErrorType);
        Assert.Contains("State is broken", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetNext_NothingListening_ThrowsRuntimeApiException()
    {
        using var client = new RuntimeApiClient($"127.0.0.1:{GetUnusedPort()}");

        var thrown = await Assert.ThrowsAsync<RuntimeApiException>(
            () => client.GetNextInvocationAsync(TestContext.Current.CancellationToken));

        Assert.Null(thrown.StatusCode);
        Assert.IsType<HttpRequestException>(thrown.InnerException);
    }

    [Fact]
    public async Task GetNext_Cancelled_ThrowsOperationCanceled()
    {
        await using var api = await FakeRuntimeApi.StartAsync();
        using var client = new RuntimeApiClient(api.Endpoint);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => client.GetNextInvocationAsync(cancellation.Token));
        Assert.Equal(1, api.NextRequestCount);
    }

    [Fact]
    public async Task SendResponse_PayloadTooLarge_ThrowsWith413()
    {
        await using var api = await FakeRuntimeApi.StartAsync();
        using var client = new RuntimeApiClient(api.Endpoint);
        api.ResponseFailure = HttpStatusCode.RequestEntityTooLarge;

        var thrown = await Assert.ThrowsAsync<RuntimeApiException>(
            () => client.SendResponseAsync("big", new byte[1024], TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, thrown.StatusCode);
        Assert.Equal("Fake.Rejected", thrown.ErrorType);
    }

    [Theory]
    [InlineData("127.0.0.1:9001", "http://127.0.0.1:9001/2018-06-01/")]
    [InlineData("localhost:9001/", "http://localhost:9001/2018-06-01/")]
    [InlineData("127.0.0.1:9001/functions/signup", "http://127.0.0.1:9001/functions/signup/2018-06-01/")]
    [InlineData("127.0.0.1:9001/functions/signup/", "http://127.0.0.1:9001/functions/signup/2018-06-01/")]
    [InlineData("[::1]:9001", "http://[::1]:9001/2018-06-01/")]
    [InlineData("[::1]:9001/fn", "http://[::1]:9001/fn/2018-06-01/")]
    [InlineData(" 169.254.100.1:9001 ", "http://169.254.100.1:9001/2018-06-01/")]
    public void ParseEndpoint_ValidForm_ReturnsVersionedBase(string endpoint, string expected)
    {
        Assert.Equal(new Uri(expected), RuntimeApiClient.ParseEndpoint(endpoint));
    }

    [Theory]
    [InlineData("http://127.0.0.1:9001")]
    [InlineData("127.0.0.1:9001?x=1")]
    [InlineData("127.0.0.1:9001/#fragment")]
    [InlineData("user@127.0.0.1:9001")]
    [InlineData("127.0.0.1:notaport")]
    [InlineData("   ")]
    public void ParseEndpoint_InvalidForm_Throws(string endpoint)
    {
        Assert.ThrowsAny<ArgumentException>(() => RuntimeApiClient.ParseEndpoint(endpoint));
    }

    private static int GetUnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
