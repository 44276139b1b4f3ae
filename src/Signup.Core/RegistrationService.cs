namespace Signup.Core;

/// <summary>
/// Registers users: validates and normalises the input, hashes the password and stores the user, whose username
/// and email keys the store keeps unique. A request with an idempotency key that already created a user returns
/// that user again instead of creating another one.
/// </summary>
public sealed class RegistrationService(
    RegistrationValidator validator,
    IPasswordHasher hasher,
    IUserStore store,
    TimeProvider timeProvider)
{
    /// <summary>How long a client should wait before retrying a request whose key another request is using.</summary>
    public static readonly TimeSpan InProgressRetryAfter = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Registers one user. Expected failures (invalid input, a taken username or email, a reused idempotency key, a
    /// busy database) come back as results, and faults throw. Nothing is stored unless the result is
    /// <see cref="RegistrationResult.Created"/>, or <see cref="RegistrationResult.Unavailable"/> with
    /// <see cref="RegistrationResult.Unavailable.MayHaveBeenCreated"/> set.
    /// </summary>
    public async Task<RegistrationResult> RegisterAsync(
        RegistrationInput input,
        DateTimeOffset deadline,
        CancellationToken cancellationToken)
    {
        var validation = validator.Validate(input);
        if (!validation.IsValid)
        {
            return new RegistrationResult.Invalid(validation.Errors, default);
        }

        var registration = validation.Value!;
        var attempt = new Attempt(registration, input.IdempotencyKey is { } key ? Idempotency.HashKey(key) : null);
        if (attempt.KeyHash is not null)
        {
            var earlier = await ReplayAsync(attempt, deadline, cancellationToken).ConfigureAwait(false);
            if (earlier is not null)
            {
                return earlier;
            }
        }

        var hashStarted = timeProvider.GetTimestamp();
        var passwordHash = hasher.Hash(registration.Password);
        attempt.HashTime += timeProvider.GetElapsedTime(hashStarted);

        var now = timeProvider.GetUtcNow();
        var createdAt = new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
        var user = new NewUser(
            Guid.CreateVersion7(now),
            registration.Username,
            registration.UsernameKey,
            registration.Email,
            registration.EmailKey,
            passwordHash,
            createdAt);
        var record = attempt.KeyHash is null
            ? null
            : new IdempotencyRecord(
                attempt.KeyHash,
                user.UserId,
                Idempotency.Fingerprint(user.Username, user.Email),
                createdAt,
                createdAt + Idempotency.Lifetime);

        var storeStarted = timeProvider.GetTimestamp();
        var outcome = await store.CreateAsync(user, record, deadline, cancellationToken).ConfigureAwait(false);
        attempt.StoreTime += timeProvider.GetElapsedTime(storeStarted);

        switch (outcome)
        {
            case StoreOutcome.Created:
                return new RegistrationResult.Created(
                    new RegisteredUser(user.UserId, user.Username, user.Email, user.CreatedAt), attempt.Timings);
            case StoreOutcome.Conflict conflict:
                return new RegistrationResult.Conflict(conflict.Fields, attempt.Timings);
            case StoreOutcome.Unavailable unavailable:
                return new RegistrationResult.Unavailable(
                    unavailable.RetryAfter, attempt.Timings, unavailable.MayHaveBeenWritten);
            case StoreOutcome.IdempotencyKeyTaken:
                // A request with the same key committed between the first read and this write. The record it wrote
                // is read again; if it cannot be found (it expired in between), the client is asked to retry.
                var replay = await ReplayAsync(attempt, deadline, cancellationToken).ConfigureAwait(false);
                return replay ?? new RegistrationResult.KeyInProgress(InProgressRetryAfter, attempt.Timings);
            default:
                throw new InvalidOperationException($"Unknown store outcome {outcome.GetType().Name}.");
        }
    }

    // Returns the result for a key that already has a live record, or null when it has none.
    private async Task<RegistrationResult?> ReplayAsync(
        Attempt attempt,
        DateTimeOffset deadline,
        CancellationToken cancellationToken)
    {
        var storeStarted = timeProvider.GetTimestamp();
        var lookup = await store.FindIdempotencyRecordAsync(attempt.KeyHash!, deadline, cancellationToken)
            .ConfigureAwait(false);
        attempt.StoreTime += timeProvider.GetElapsedTime(storeStarted);
        IdempotencyRecord record;
        switch (lookup)
        {
            case LookupOutcome<IdempotencyRecord>.NotFound:
                return null;
            case LookupOutcome<IdempotencyRecord>.Unavailable unavailable:
                return new RegistrationResult.Unavailable(unavailable.RetryAfter, attempt.Timings);
            case LookupOutcome<IdempotencyRecord>.Found found:
                record = found.Value;
                break;
            default:
                throw new InvalidOperationException($"Unknown lookup outcome {lookup.GetType().Name}.");
        }

        var registration = attempt.Registration;
        if (!string.Equals(
                record.Fingerprint,
                Idempotency.Fingerprint(registration.Username, registration.Email),
                StringComparison.Ordinal))
        {
            return new RegistrationResult.KeyReused(attempt.Timings);
        }

        storeStarted = timeProvider.GetTimestamp();
        var userLookup = await store.FindUserAsync(record.UserId, deadline, cancellationToken).ConfigureAwait(false);
        attempt.StoreTime += timeProvider.GetElapsedTime(storeStarted);
        StoredUser user;
        switch (userLookup)
        {
            case LookupOutcome<StoredUser>.Found found:
                user = found.Value;
                break;
            case LookupOutcome<StoredUser>.Unavailable unavailable:
                return new RegistrationResult.Unavailable(unavailable.RetryAfter, attempt.Timings);
            default:
                // The record and its user are written in one transaction, so a record without its user is a fault.
                throw new InvalidOperationException("An idempotency record names a user that does not exist.");
        }

        var hashStarted = timeProvider.GetTimestamp();
        var verification = hasher.Verify(user.PasswordHash, registration.Password);
        attempt.HashTime += timeProvider.GetElapsedTime(hashStarted);
        if (verification == PasswordVerification.Failed)
        {
            return new RegistrationResult.KeyReused(attempt.Timings);
        }

        return new RegistrationResult.Replayed(
            new RegisteredUser(user.UserId, user.Username, user.Email, user.CreatedAt), attempt.Timings);
    }

    // The state of one registration: its validated input, its key hash and the time spent so far.
    private sealed class Attempt(ValidRegistration registration, string? keyHash)
    {
        public ValidRegistration Registration { get; } = registration;

        public string? KeyHash { get; } = keyHash;

        public TimeSpan HashTime { get; set; }

        public TimeSpan StoreTime { get; set; }

        public RegistrationTimings Timings => new(HashTime, StoreTime);
    }
}

/// <summary>A stored user as callers may see it: no password and no hash.</summary>
public sealed record RegisteredUser(Guid UserId, string Username, string Email, DateTimeOffset CreatedAt);

/// <summary>Time spent hashing or verifying the password and reading or writing the store; zero for steps that did not run.</summary>
public readonly record struct RegistrationTimings(TimeSpan Hash, TimeSpan Store);

/// <summary>The result of <see cref="RegistrationService.RegisterAsync"/>.</summary>
public abstract record RegistrationResult(RegistrationTimings Timings)
{
    /// <summary>The user was stored.</summary>
    public sealed record Created(RegisteredUser User, RegistrationTimings Timings) : RegistrationResult(Timings);

    /// <summary>
    /// An earlier request with the same idempotency key, username, email and password created this user; nothing was
    /// stored this time.
    /// </summary>
    public sealed record Replayed(RegisteredUser User, RegistrationTimings Timings) : RegistrationResult(Timings);

    /// <summary>The input broke one or more rules; every error is listed.</summary>
    public sealed record Invalid(IReadOnlyList<FieldError> Errors, RegistrationTimings Timings)
        : RegistrationResult(Timings);

    /// <summary>Another user already has the username, the email, or both.</summary>
    public sealed record Conflict(IReadOnlyList<string> Fields, RegistrationTimings Timings)
        : RegistrationResult(Timings);

    /// <summary>
    /// The idempotency key was first used with another username, email or password, so this request was not run.
    /// </summary>
    public sealed record KeyReused(RegistrationTimings Timings) : RegistrationResult(Timings);

    /// <summary>
    /// Another request with the same idempotency key won the write, but its record could not be read back.
    /// </summary>
    public sealed record KeyInProgress(TimeSpan RetryAfter, RegistrationTimings Timings) : RegistrationResult(Timings);

    /// <summary>
    /// The database stayed busy or unreachable until the deadline. The user was not stored unless
    /// <paramref name="MayHaveBeenCreated"/> is true: then the write was sent but not confirmed, and may still commit.
    /// </summary>
    public sealed record Unavailable(TimeSpan RetryAfter, RegistrationTimings Timings, bool MayHaveBeenCreated = false)
        : RegistrationResult(Timings);
}
