namespace Signup.Local.Runtime;

/// <summary>Settings shared by the process pools of a stack.</summary>
internal sealed record FunctionPoolOptions
{
    /// <summary>Runtime API address that processes get in <c>AWS_LAMBDA_RUNTIME_API</c>, before their path prefix.</summary>
    public required string RuntimeApiEndpoint { get; init; }

    /// <summary>Variables every process gets on top of the template's; these win over the template's values.</summary>
    public required IReadOnlyDictionary<string, string> Environment { get; init; }

    public required string Region { get; init; }

    public required string AccountId { get; init; }

    /// <summary>Time after which an idle process is stopped.</summary>
    public required TimeSpan IdleTimeout { get; init; }

    /// <summary>Time a new process has to ask for its first event.</summary>
    public required TimeSpan InitTimeout { get; init; }

    /// <summary>Time a stopping process gets between SIGTERM and SIGKILL.</summary>
    public TimeSpan StopGracePeriod { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Maximum number of processes of a function that reserves no concurrency.</summary>
    public required int DefaultConcurrency { get; init; }
}
