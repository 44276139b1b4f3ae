using System.Threading.Channels;

namespace Signup.Lambda.Tests;

/// <summary>
/// In-memory <see cref="IRuntimeApiClient"/>: invocations come from <see cref="Enqueue"/>, posts go to
/// <see cref="ReadPostAsync"/>, and failures are injected through the <c>*Failure</c> properties.
/// </summary>
internal sealed class FakeRuntimeApiClient : IRuntimeApiClient
{
    private readonly Channel<Invocation> _invocations = Channel.CreateUnbounded<Invocation>();
    private readonly Channel<FakePost> _posts = Channel.CreateUnbounded<FakePost>();
    private readonly Channel<bool> _nextRequests = Channel.CreateUnbounded<bool>();

    /// <summary>Exception that <see cref="GetNextInvocationAsync"/> throws, when set.</summary>
    public Exception? NextFailure { get; set; }

    /// <summary>Returns the exception that posting a response for a request id throws, or null to accept it.</summary>
    public Func<string, Exception?> ResponseFailure { get; set; } = _ => null;

    public void Enqueue(Invocation invocation) => _invocations.Writer.TryWrite(invocation);

    public static Invocation CreateInvocation(
        string requestId, string body = "{}", DateTimeOffset? deadline = null, string? traceId = null) =>
        new(requestId, deadline ?? DateTimeOffset.UtcNow.AddMinutes(1), System.Text.Encoding.UTF8.GetBytes(body))
        {
            InvokedFunctionArn = "arn:aws:lambda:eu-west-1:123456789012:function:signup",
            TraceId = traceId,
        };

    /// <summary>Waits until the runtime has called <see cref="GetNextInvocationAsync"/> once more.</summary>
    public async Task WaitForNextRequestAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _nextRequests.Reader.ReadAsync(timeout.Token);
    }

    /// <summary>Returns the next post, failing the test when none arrives within five seconds.</summary>
    public async Task<FakePost> ReadPostAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        return await _posts.Reader.ReadAsync(timeout.Token);
    }

    /// <summary>Returns true when a post is waiting that <see cref="ReadPostAsync"/> has not read.</summary>
    public bool HasUnreadPost => _posts.Reader.TryPeek(out _);

    public async Task<Invocation> GetNextInvocationAsync(CancellationToken cancellationToken)
    {
        _nextRequests.Writer.TryWrite(true);
        if (NextFailure is { } failure)
        {
            throw failure;
        }

        return await _invocations.Reader.ReadAsync(cancellationToken);
    }

    public Task SendResponseAsync(string requestId, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        if (ResponseFailure(requestId) is { } failure)
        {
            return Task.FromException(failure);
        }

        _posts.Writer.TryWrite(new FakePost("response", requestId, body.ToArray(), null));
        return Task.CompletedTask;
    }

    public Task ReportInvocationErrorAsync(string requestId, LambdaError error, CancellationToken cancellationToken)
    {
        _posts.Writer.TryWrite(new FakePost("error", requestId, null, error));
        return Task.CompletedTask;
    }

    public Task ReportInitErrorAsync(LambdaError error, CancellationToken cancellationToken)
    {
        _posts.Writer.TryWrite(new FakePost("init/error", null, null, error));
        return Task.CompletedTask;
    }
}

/// <summary>A result the runtime posted to <see cref="FakeRuntimeApiClient"/>.</summary>
internal sealed record FakePost(string Kind, string? RequestId, byte[]? Body, LambdaError? Error)
{
    public string BodyText => Body is null ? "" : System.Text.Encoding.UTF8.GetString(Body);
}
