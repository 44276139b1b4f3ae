namespace Signup.Lambda;

/// <summary>Settings of <see cref="LambdaBootstrap"/>.</summary>
public sealed class LambdaBootstrapOptions
{
    /// <summary>
    /// Time an in-flight invocation gets to finish and post its result after shutdown is requested, before
    /// its cancellation token fires and the bootstrap stops waiting for it. Lambda caps its whole shutdown
    /// phase at 2,000 ms and then sends SIGKILL, so a longer grace period gains nothing there.
    /// </summary>
    public TimeSpan ShutdownGracePeriod { get; init; } = TimeSpan.FromSeconds(2);
}
