namespace Signup.DynamoDb;

/// <summary>Retry settings of <see cref="DynamoDbUserStore"/>.</summary>
public sealed class DynamoDbUserStoreOptions
{
    /// <summary>
    /// Time kept free before the caller's deadline: no attempt starts or runs past <c>deadline - SafetyMargin</c>,
    /// so the caller still has time to send its response. Defaults to 250 ms.
    /// </summary>
    public TimeSpan SafetyMargin { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Delay suggested to the client in <see cref="Core.StoreOutcome.Unavailable"/> when the deadline is reached.
    /// Defaults to 1 s.
    /// </summary>
    public TimeSpan RetryAfter { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Delays between attempts. Defaults to <see cref="BackoffPolicy.Default"/>.</summary>
    public BackoffPolicy Backoff { get; init; } = BackoffPolicy.Default;
}
