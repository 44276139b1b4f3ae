namespace Signup.Lambda;

/// <summary>
/// Handles one invocation and returns the response payload. The token fires at the invocation's
/// deadline, or when a shutdown's grace period has run out.
/// </summary>
public delegate Task<ReadOnlyMemory<byte>> LambdaHandler(Invocation invocation, CancellationToken cancellationToken);
