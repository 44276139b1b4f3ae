namespace Signup.Core;

/// <summary>
/// Persists users and enforces that usernames and emails are unique by their keys. Every method retries transient
/// failures until its deadline and then returns an unavailable outcome; other failures throw.
/// </summary>
public interface IUserStore
{
    /// <summary>
    /// Stores the user, claims its username and email keys and, when <paramref name="idempotency"/> is given, writes
    /// that record, all in one atomic step. A record whose <see cref="IdempotencyRecord.ExpiresAt"/> has passed is
    /// replaced; a live one makes the outcome <see cref="StoreOutcome.IdempotencyKeyTaken"/>.
    /// </summary>
    Task<StoreOutcome> CreateAsync(
        NewUser user,
        IdempotencyRecord? idempotency,
        DateTimeOffset deadline,
        CancellationToken cancellationToken);

    /// <summary>Reads the idempotency record for a key hash with a strongly consistent read; expired counts as absent.</summary>
    Task<LookupOutcome<IdempotencyRecord>> FindIdempotencyRecordAsync(
        string keyHash,
        DateTimeOffset deadline,
        CancellationToken cancellationToken);

    /// <summary>Reads a user with a strongly consistent read.</summary>
    Task<LookupOutcome<StoredUser>> FindUserAsync(Guid userId, DateTimeOffset deadline, CancellationToken cancellationToken);
}

/// <summary>A user as stored, with the password hash that verifies a replayed request.</summary>
public sealed record StoredUser(Guid UserId, string Username, string Email, string PasswordHash, DateTimeOffset CreatedAt);

/// <summary>The result of <see cref="IUserStore.CreateAsync"/>.</summary>
public abstract record StoreOutcome
{
    private StoreOutcome()
    {
    }

    /// <summary>The user, both keys and the idempotency record, if any, were written.</summary>
    public sealed record Created : StoreOutcome;

    /// <summary>Nothing was written because another user already has these fields' keys.</summary>
    public sealed record Conflict(IReadOnlyList<string> Fields) : StoreOutcome;

    /// <summary>
    /// Nothing was written because a live idempotency record with the same key hash exists. This takes precedence
    /// over <see cref="Conflict"/>, because the request that wrote the record usually also claimed the same keys.
    /// </summary>
    public sealed record IdempotencyKeyTaken : StoreOutcome;

    /// <summary>
    /// The database stayed busy or unreachable until the deadline. Nothing was written unless
    /// <paramref name="MayHaveBeenWritten"/> is true: then an attempt timed out or lost its connection after sending
    /// the write, and the database may still commit it.
    /// </summary>
    public sealed record Unavailable(TimeSpan RetryAfter, bool MayHaveBeenWritten = false) : StoreOutcome;
}

/// <summary>The result of a read from <see cref="IUserStore"/>.</summary>
public abstract record LookupOutcome<T>
    where T : class
{
    private LookupOutcome()
    {
    }

    /// <summary>The item exists.</summary>
    public sealed record Found(T Value) : LookupOutcome<T>;

    /// <summary>No such item exists, or it has expired.</summary>
    public sealed record NotFound : LookupOutcome<T>;

    /// <summary>The database stayed busy or unreachable until the deadline.</summary>
    public sealed record Unavailable(TimeSpan RetryAfter) : LookupOutcome<T>;
}
