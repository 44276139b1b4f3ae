namespace Signup.Local.Runtime;

/// <summary>How an invocation ended.</summary>
internal enum InvocationOutcome
{
    /// <summary>The function posted a response.</summary>
    Succeeded,

    /// <summary>The function posted an invocation error.</summary>
    FunctionError,

    /// <summary>The process exited, or could not start, before it posted a result.</summary>
    Crashed,

    /// <summary>The function reported an init error.</summary>
    InitFailed,

    /// <summary>The invocation ran past the function's timeout, or its process did not initialise in time.</summary>
    TimedOut,
}

/// <summary>The result of one invocation: the response payload, or the error type of a failure.</summary>
internal sealed record InvocationResult(InvocationOutcome Outcome, byte[] Payload, string? ErrorType)
{
    public static InvocationResult Success(byte[] payload) => new(InvocationOutcome.Succeeded, payload, null);

    public static InvocationResult Failure(InvocationOutcome outcome, string errorType) => new(outcome, [], errorType);
}
