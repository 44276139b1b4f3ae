namespace Signup.Core;

/// <summary>Persists users and enforces that usernames and emails are unique by their keys.</summary>
public interface IUserStore
{
    /// <summary>
    /// Stores the user and claims its username and email keys in one atomic step.
    /// Transient failures are retried until <paramref name="deadline"/>; other failures throw.
    /// </summary>
    Task<StoreOutcome> CreateAsync(NewUser user, DateTimeOffset deadline, CancellationToken cancellationToken);
}

/// <summary>The result of <see cref="IUserStore.CreateAsync"/>.</summary>
public abstract record StoreOutcome
{
    private StoreOutcome()
    {
    }

    /// <summary>The user and both keys were written.</summary>
    public sealed record Created : StoreOutcome;

    /// <summary>Nothing was written because another user already has these fields' keys.</summary>
    public sealed record Conflict(IReadOnlyList<string> Fields) : StoreOutcome;

    /// <summary>Nothing was written because the database stayed busy or unreachable until the deadline.</summary>
    public sealed record Unavailable(TimeSpan RetryAfter) : StoreOutcome;
}
